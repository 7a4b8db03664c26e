CREATE TABLE `reservation` (
	`reservation_id` integer PRIMARY KEY NOT NULL,
	`connector_id` integer NOT NULL,
	`id_tag` text NOT NULL,
	`parent_id_tag` text,
	`expiry_date` integer NOT NULL
);
