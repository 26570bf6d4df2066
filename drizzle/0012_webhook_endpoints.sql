CREATE TABLE `webhook_endpoints` (
	`id` varchar(48) NOT NULL,
	`merchant_id` varchar(48) NOT NULL,
	`livemode` boolean NOT NULL,
	`url` varchar(2048) NOT NULL,
	`description` varchar(512),
	`enabled_events` json NOT NULL,
	`disabled` boolean NOT NULL DEFAULT false,
	`disabled_reason` enum('merchant','failing'),
	`disabled_at` datetime(3),
	`failing_since` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `webhook_endpoints_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `endpoint_id` varchar(48);--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD CONSTRAINT `webhook_endpoints_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `webhook_endpoints_merchant_mode_created` ON `webhook_endpoints` (`merchant_id`,`livemode`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint` ON `webhook_deliveries` (`endpoint_id`,`status`,`created_at`);