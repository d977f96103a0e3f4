CREATE TABLE "history_backfill_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by" text NOT NULL,
	"days" integer NOT NULL,
	"from_date" text NOT NULL,
	"to_date" text NOT NULL,
	"status" text NOT NULL,
	"finished_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "history_backfill_wards" (
	"run_id" bigint NOT NULL,
	"ward_id" text NOT NULL,
	"position" integer NOT NULL,
	"status" text NOT NULL,
	"done_through" text,
	"written" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"kept" integer DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"error" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "history_backfill_wards_run_id_ward_id_pk" PRIMARY KEY("run_id","ward_id")
);
--> statement-breakpoint
ALTER TABLE "history_backfill_wards" ADD CONSTRAINT "history_backfill_wards_run_id_history_backfill_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."history_backfill_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "history_backfill_one_running" ON "history_backfill_runs" USING btree ("status") WHERE status = 'running';