import type { LearnedHandoffButton, MessengerSettings } from "@contract/signals.ts";
import { Button } from "@/components/ui/button.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { cn } from "@/lib/cn.ts";
import { formatFull } from "@/lib/format.ts";
import { useMessengerSettings } from "@/features/admin/api/get-messenger-settings.ts";

const sourceLabel: Record<string, string> = {
  quick_reply: "Quick reply",
  button_template: "Button template",
  generic_template: "Card or carousel",
  persistent_menu: "Persistent menu",
};

const columns = "lg:grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_10rem_11rem_11rem]";
const cellLabel = "text-xs text-muted lg:sr-only";

function LearnedButtons({ buttons }: { buttons: LearnedHandoffButton[] }) {
  if (buttons.length === 0) {
    return (
      <p className="mt-3 rounded-xl border border-line bg-surface px-4 py-6 text-center text-sm text-muted">
        None learned yet. Baton learns a button the first time the bot sends it with one of the handoff
        payloads below.
      </p>
    );
  }
  return (
    <div className="mt-3 overflow-hidden rounded-xl border border-line bg-surface shadow-card">
      <div
        aria-hidden="true"
        className={cn(
          "hidden gap-x-4 border-b border-line bg-surface-2 px-4 py-2 text-xs font-medium text-muted lg:grid",
          columns,
        )}
      >
        <span>Button title</span>
        <span>Payload</span>
        <span>Seen in</span>
        <span>First seen</span>
        <span>Last seen</span>
      </div>
      <ul aria-labelledby="learned-heading" className="divide-y divide-line">
        {buttons.map((b) => (
          <li
            key={`${b.pageId}:${b.source}:${b.title}:${b.payload}`}
            aria-label={b.title}
            className={cn(
              "grid grid-cols-2 gap-x-4 gap-y-2 px-4 py-3 text-sm sm:grid-cols-3 lg:items-baseline lg:py-2.5",
              columns,
            )}
          >
            <div className="col-span-2 flex min-w-0 flex-col sm:col-span-1">
              <span className={cellLabel}>Button title</span>
              <span dir="auto" className="font-medium break-words">
                {b.title}
              </span>
            </div>
            <div className="flex min-w-0 flex-col">
              <span className={cellLabel}>Payload</span>
              <code className="font-mono text-xs break-all">{b.payload}</code>
            </div>
            <div className="flex flex-col">
              <span className={cellLabel}>Seen in</span>
              <span>{sourceLabel[b.source] ?? b.source}</span>
            </div>
            <div className="flex flex-col">
              <span className={cellLabel}>First seen</span>
              <time dateTime={b.firstSeenAt} className="tabular-nums">
                {formatFull(b.firstSeenAt)}
              </time>
            </div>
            <div className="flex flex-col">
              <span className={cellLabel}>Last seen</span>
              <time dateTime={b.lastSeenAt} className="tabular-nums">
                {formatFull(b.lastSeenAt)}
              </time>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function WebhookTest({ settings }: { settings: MessengerSettings }) {
  const callbackUrl = `${window.location.origin}/webhooks/messenger`;
  return (
    <section
      aria-labelledby="webhook-test-heading"
      className="rounded-xl border border-line bg-surface p-4 shadow-card"
    >
      <h3 id="webhook-test-heading" className="text-sm font-semibold">
        Webhook test
      </h3>
      {settings.lastWebhookTestAt ? (
        <p className="mt-1 text-sm">
          Last webhook test received at{" "}
          <time dateTime={settings.lastWebhookTestAt} className="font-medium tabular-nums">
            {formatFull(settings.lastWebhookTestAt)}
          </time>
          {settings.lastWebhookTestField ? (
            <>
              {" "}
              (field <code className="font-mono text-xs">{settings.lastWebhookTestField}</code>)
            </>
          ) : null}
          . Meta reaches Baton's webhook.
        </p>
      ) : (
        <p className="mt-1 text-sm">No webhook test received yet.</p>
      )}
      <p className="mt-2 max-w-3xl text-sm text-muted">
        To send one: in Meta's App Dashboard open <span className="font-medium text-fg">Webhooks</span>,
        choose the <span className="font-medium text-fg">Page</span> object and press{" "}
        <span className="font-medium text-fg">Test</span> beside a field such as{" "}
        <code className="font-mono text-xs">messages</code>. Meta posts a sample to the callback URL{" "}
        <code className="font-mono text-xs break-all text-fg">{callbackUrl}</code> and it shows here.
      </p>
    </section>
  );
}

function Chips({ label, values }: { label: string; values: string[] }) {
  return (
    <div>
      <h4 id={`${label}-label`} className="text-xs font-medium text-muted">
        {label === "payloads" ? "Payloads (HANDOFF_PAYLOADS)" : "Titles and typed phrases (HANDOFF_PHRASES)"}
      </h4>
      {values.length ? (
        <ul aria-labelledby={`${label}-label`} className="mt-1.5 flex flex-wrap gap-1.5">
          {values.map((v) => (
            <li key={v} className="rounded-md border border-line bg-surface-2 px-2 py-0.5 font-mono text-xs">
              {v}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1.5 text-sm text-muted">None configured.</p>
      )}
    </div>
  );
}

/**
 * What Baton learned and last heard from Messenger: the shop bot's handoff buttons (whose titles tell a tap on standby,
 * which reaches Baton without its payload, from any other tap), the configured handoff payloads and phrases, and the
 * last test Meta's App Dashboard sent.
 */
export function MessengerPanel() {
  const settings = useMessengerSettings();
  return (
    <section aria-labelledby="messenger-heading">
      <h2 id="messenger-heading" className="text-base font-semibold">
        Messenger
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-muted">
        When a customer taps a button on a thread the bot owns, Meta sends Baton the tap without its payload.
        Baton recognises a request for a human by the button's title, learned from the bot's own messages.
      </p>
      {settings.isPending ? <Spinner className="mt-4" label="Loading Messenger settings" /> : null}
      {settings.isError ? (
        <div role="alert" className="mt-3 flex flex-wrap items-center gap-3 text-sm text-danger">
          Could not load the Messenger settings: {errorMessage(settings.error)}
          <Button size="sm" onClick={() => void settings.refetch()}>
            Try again
          </Button>
        </div>
      ) : null}
      {settings.data ? (
        <div className="mt-4 flex flex-col gap-6">
          <WebhookTest settings={settings.data} />
          <section aria-labelledby="learned-heading">
            <h3 id="learned-heading" className="text-sm font-semibold">
              Learned handoff buttons
            </h3>
            <p className="mt-1 max-w-3xl text-sm text-muted">
              Buttons and quick replies the bot sent with a handoff payload, where they were seen and when.
            </p>
            <LearnedButtons buttons={settings.data.learnedHandoffButtons} />
          </section>
          <section aria-labelledby="configured-heading" className="flex flex-col gap-3">
            <div>
              <h3 id="configured-heading" className="text-sm font-semibold">
                Configured handoff
              </h3>
              <p className="mt-1 max-w-3xl text-sm text-muted">
                A tap or message with one of these means “talk to a human”. Change them with Baton's
                environment.
              </p>
            </div>
            <Chips label="payloads" values={settings.data.handoffPayloads} />
            <Chips label="phrases" values={settings.data.handoffPhrases} />
          </section>
        </div>
      ) : null}
    </section>
  );
}
