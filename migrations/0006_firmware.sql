CREATE TABLE `diagnostics_upload` (
	`id` integer PRIMARY KEY NOT NULL,
	`file_name` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`requested_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `firmware_update` (
	`id` integer PRIMARY KEY NOT NULL,
	`location` text NOT NULL,
	`retrieve_date` integer NOT NULL,
	`retries` integer NOT NULL,
	`retry_interval_sec` integer NOT NULL,
	`stage` text NOT NULL,
	`failed_attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_status` text,
	`image_version` text,
	`from_version` text,
	`outcome` text,
	`reason` text,
	`requested_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
