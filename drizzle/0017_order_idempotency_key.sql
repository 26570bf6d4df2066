ALTER TABLE `orders` ADD `idempotency_key` char(64);--> statement-breakpoint
ALTER TABLE `orders` ADD `idempotency_fingerprint` char(64);--> statement-breakpoint
ALTER TABLE `orders` ADD CONSTRAINT `orders_idempotency_key` UNIQUE(`idempotency_key`);