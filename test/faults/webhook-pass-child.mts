// A webhook delivery pass in a process of its own, for test/faults/webhook-killed.test.ts to
// kill while it sends: the database it uses comes from the environment the test hands it.
import { runWebhookPass } from "@/lib/jobs/webhooks";

await runWebhookPass();
