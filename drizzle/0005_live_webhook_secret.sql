ALTER TABLE `merchants` ADD `live_webhook_secret_sealed` text;--> statement-breakpoint
ALTER TABLE `merchants` ADD `live_previous_webhook_secret_sealed` text;--> statement-breakpoint
ALTER TABLE `merchants` ADD `live_previous_webhook_secret_expires_at` datetime(3);