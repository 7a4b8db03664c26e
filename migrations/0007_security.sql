CREATE TABLE `certificate` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`pem` text NOT NULL,
	`fingerprint` text NOT NULL,
	`source` text NOT NULL,
	`subject` text NOT NULL,
	`not_before` integer NOT NULL,
	`not_after` integer NOT NULL,
	`installed_at` integer NOT NULL,
	`deleted_at` integer,
	`key_id` integer
);
--> statement-breakpoint
CREATE TABLE `charge_point_key` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`private_key_pem` text NOT NULL,
	`public_key_pem` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `security_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	`tech_info` text,
	`is_critical` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `security_state` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
