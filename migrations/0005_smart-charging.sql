CREATE TABLE `charging_profiles` (
	`charging_profile_id` integer PRIMARY KEY NOT NULL,
	`connector_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`stack_level` integer NOT NULL,
	`local_tx_id` integer,
	`profile` text NOT NULL
);
