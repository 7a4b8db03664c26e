ALTER TABLE `firmware_update` ADD `request_id` integer;--> statement-breakpoint
ALTER TABLE `firmware_update` ADD `signing_certificate` text;--> statement-breakpoint
ALTER TABLE `firmware_update` ADD `signature` text;--> statement-breakpoint
ALTER TABLE `firmware_update` ADD `install_at` integer;