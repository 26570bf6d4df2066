CREATE INDEX `orders_account_version_status_closed` ON `orders` (`channel_account_id`,`credential_version`,`status`,`closed_at`);--> statement-breakpoint
DROP INDEX `orders_account_version_status` ON `orders`;--> statement-breakpoint
CREATE INDEX `refunds_owner_status` ON `refunds` (`merchant_id`,`livemode`,`status`);
