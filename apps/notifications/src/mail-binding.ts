import { Components } from "@auction-mesh/contracts";
import type { DaprClient } from "@dapr/dapr";
import type { MailSender } from "./mail-queue.js";

/**
 * Sends through the `mail` output binding (bindings.smtp here): the service holds no SMTP
 * library, and the provider is the operator's choice in components/<profile>/mail.yaml.
 */
export function mailBinding(client: DaprClient): MailSender {
  return {
    async send(mail) {
      await client.binding.send(Components.mail, "create", mail.html, { emailTo: mail.to, subject: mail.subject });
    },
  };
}
