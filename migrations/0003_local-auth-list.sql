CREATE TABLE `local_auth_list` (
	`id_tag` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`expiry_date` text,
	`parent_id_tag` text
);
--> statement-breakpoint
CREATE TABLE `local_auth_list_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`list_version` integer NOT NULL
);
