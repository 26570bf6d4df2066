ALTER TABLE `orders` ADD `sweep_failures` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `next_attempt_at` datetime(3);--> statement-breakpoint
CREATE INDEX `orders_status_next_attempt` ON `orders` (`status`,`next_attempt_at`);