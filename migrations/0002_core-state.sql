CREATE TABLE `auth_cache` (
	`id_tag` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`expiry_date` integer,
	`parent_id_tag` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `connector_state` (
	`connector_id` integer PRIMARY KEY NOT NULL,
	`availability` text NOT NULL,
	`scheduled_availability` text
);
--> statement-breakpoint
CREATE TABLE `energy_register` (
	`connector_id` integer PRIMARY KEY NOT NULL,
	`energy_wh` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transaction` (
	`local_tx_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`connector_id` integer NOT NULL,
	`id_tag` text NOT NULL,
	`parent_id_tag` text,
	`reservation_id` integer,
	`meter_start_wh` integer NOT NULL,
	`started_at` integer NOT NULL,
	`transaction_id` integer,
	`last_meter_wh` integer NOT NULL,
	`last_meter_at` integer NOT NULL,
	`stopped_at` integer,
	`stop_reason` text,
	`meter_stop_wh` integer
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `local_tx_id` integer;