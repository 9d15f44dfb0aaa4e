import { QueryClientProvider, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { apiError } from "@contract/api.ts";
import { embedConfig, type EmbedConfig } from "@contract/embed.ts";
import { Button } from "@/components/ui/button.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { onSessionEnded } from "@/lib/api-client.ts";
import { setBearerTokenProvider } from "@/lib/auth-token.ts";
import { usePreferencesStore } from "@/lib/preferences-store.ts";
import { conversationKeys } from "@/shared/query-keys.ts";
import { startSession } from "@/shared/session-query.ts";
import { currentUrlState, navigate } from "@/shared/url-state.ts";
import { ErrorBoundary } from "@/app/error-boundary.tsx";
import { createQueryClient } from "@/app/query-client.ts";
import { useTheme } from "@/app/use-theme.ts";
import { appBridge } from "@/embed/app-bridge.ts";
import { EmbedBridge, framingOrigin } from "@/embed/bridge.ts";
import { EmbeddedInbox } from "@/embed/embedded-inbox.tsx";
import { EmbeddedSession } from "@/embed/embedded-session.ts";
import { takeShopifyLaunch, type EmbedLocation } from "@/embed/embed-location.ts";
import { appBridgeHostLink, bridgeHostLink, HostLinkContext, type HostLink } from "@/embed/host-link.ts";
import { SidePanel } from "@/embed/side-panel.tsx";

type Boot =
  | {
      kind: "ready";
      config: EmbedConfig;
      link: HostLink;
      bridge: EmbedBridge | null;
      session: EmbeddedSession;
    }
  | { kind: "redirecting"; to: string }
  | { kind: "notice"; title: string; message: string; retry: boolean };

const notice = (title: string, message: string, retry = false): Boot => ({
  kind: "notice",
  title,
  message,
  retry,
});

/** GET /api/embed/config: public, read before any session (plain fetch: no bearer token exists yet). */
async function loadConfig(
  hostId: string,
  shopifyHost: string | null,
): Promise<EmbedConfig | { error: string; status: number }> {
  const query = new URLSearchParams({ host: hostId, ...(shopifyHost ? { shopifyHost } : {}) });
  let response: Response;
  try {
    response = await fetch(`${window.location.origin}/api/embed/config?${query.toString()}`, {
      headers: { accept: "application/json" },
      credentials: "omit",
    });
  } catch {
    return { error: "Baton could not be reached.", status: 0 };
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = apiError.safeParse(json);
    return {
      error: parsed.success ? parsed.data.error.message : `Baton answered ${response.status}.`,
      status: response.status,
    };
  }
  const parsed = embedConfig.safeParse(json);
  return parsed.success
    ? parsed.data
    : { error: "Baton's embedding settings were not understood.", status: response.status };
}

/**
 * From the address to a signed-in Baton: the host's settings, then (outside a frame) Shopify's way back into its
 * admin, then the bridge to the parent page at the host's exact origin (or App Bridge in Shopify's admin), then the
 * exchange of the host's signed token for Baton's own short bearer token, installed for every API call.
 */
async function boot(
  location: EmbedLocation,
  qc: QueryClient,
  onFailed: (reason: string) => void,
): Promise<Boot> {
  const launch = takeShopifyLaunch();
  if (launch.locale) document.documentElement.lang = launch.locale;
  const framed = window.parent !== window;
  const config = await loadConfig(location.hostId, !framed ? launch.host : null);
  if ("error" in config) {
    return config.status === 404
      ? notice(
          "This embedding host is not set up",
          `Baton has no embedding host "${location.hostId}". Ask a Baton admin to add it to EMBED_HOSTS.`,
        )
      : notice("Baton could not start here", config.error, config.status === 0 || config.status >= 500);
  }
  if (!framed) {
    if (config.adminUrl) return { kind: "redirecting", to: config.adminUrl };
    return notice(
      "Baton opens inside its host",
      `This page is Baton as ${location.hostId} shows it, inside its own pages. Open it from there, or open Baton itself.`,
    );
  }

  let link: HostLink;
  let bridge: EmbedBridge | null = null;
  let source: (reason: "sign-in" | "refresh" | "expired") => Promise<string>;
  const shopify = config.appBridge ? appBridge() : null;
  if (config.appBridge) {
    if (!shopify)
      return notice(
        "Shopify's App Bridge did not load",
        "Baton needs App Bridge inside Shopify's admin. Reload the page; if this stays, check that nothing blocks cdn.shopify.com.",
        true,
      );
    link = appBridgeHostLink(shopify);
    source = () => shopify.idToken();
  } else {
    const origin = framingOrigin(config.origins);
    if (!origin)
      return notice(
        "Baton is framed by an unknown page",
        `Only ${config.origins.join(", ")} may show Baton as ${location.hostId}.`,
      );
    const b = new EmbedBridge(origin, { self: window, parent: window.parent });
    bridge = b;
    link = bridgeHostLink(b);
    source = (reason) => b.requestToken(reason);
  }

  const hinted = currentUrlState().conversationId;
  const session = new EmbeddedSession({
    hostId: location.hostId,
    source,
    initialHostToken: launch.idToken,
    conversationId: hinted,
    onFailed: (reason) => {
      link.sessionExpired(reason);
      onFailed(reason);
    },
  });
  try {
    const started = await session.start();
    setBearerTokenProvider(session);
    startSession(qc, { agent: started.agent, via: "bearer", expiresAt: started.expiresAt });
    if (hinted && started.conversationId !== hinted) {
      navigate({ conversationId: null }, { replace: true });
      link.toast("That conversation is not in Baton.", "error");
    }
  } catch (error) {
    bridge?.close();
    return notice(
      "Baton could not sign you in",
      error instanceof Error ? error.message : "The host's sign-in was refused.",
      true,
    );
  }
  return { kind: "ready", config, link, bridge, session };
}

/** One boot per page (StrictMode mounts twice in development; a second bridge and a second sign-in would be wrong). */
let booting: { location: EmbedLocation; promise: Promise<Boot> } | null = null;

function Centered({ children }: { children: ReactNode }) {
  return (
    <main className="flex h-full min-h-0 flex-col items-center justify-center gap-3 bg-canvas p-6 text-center">
      {children}
    </main>
  );
}

/** Messages from the host: its theme and language, the conversation to show, and whether Baton is visible. */
function useHostCommands(bridge: EmbedBridge | null): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!bridge) return;
    const setTheme = usePreferencesStore.getState().setTheme;
    let hidden = false;
    const stops = [
      bridge.on("init", ({ payload }) => {
        if (payload.theme) setTheme(payload.theme);
        if (payload.locale) document.documentElement.lang = payload.locale;
      }),
      bridge.on("set-theme", ({ payload }) => setTheme(payload.theme)),
      // Only a hint: the conversation is loaded with the agent's own session, and the server decides what it shows.
      bridge.on("open-conversation", ({ payload }) => navigate({ conversationId: payload.conversationId })),
      bridge.on("visibility", ({ payload }) => {
        if (payload.visible && hidden) void qc.invalidateQueries({ queryKey: conversationKeys.all });
        hidden = !payload.visible;
      }),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }, [bridge, qc]);
}

function Ready({
  boot,
  layout,
}: {
  boot: Extract<Boot, { kind: "ready" }>;
  layout: EmbedLocation["layout"];
}) {
  const hostName = boot.config.shop ?? boot.config.host;
  useHostCommands(boot.bridge);
  useEffect(() => {
    const agent = boot.session.session?.agent;
    if (agent)
      boot.link.ready({
        layout,
        agent: { id: agent.id, name: agent.name },
        conversationId: currentUrlState().conversationId,
      });
  }, [boot, layout]);
  return (
    <HostLinkContext.Provider value={boot.link}>
      {layout === "panel" ? <SidePanel hostName={hostName} /> : <EmbeddedInbox hostName={hostName} />}
    </HostLinkContext.Provider>
  );
}

function EmbeddedGate({ location }: { location: EmbedLocation }) {
  useTheme();
  const qc = useQueryClient();
  const [state, setState] = useState<Boot | null>(null);
  const [attempt, setAttempt] = useState(0);
  // The session can fail long after the boot (the host stops vouching): it reports to whichever gate is mounted.
  const failedRef = useRef<(reason: string) => void>(() => undefined);
  useEffect(() => {
    failedRef.current = (reason) => {
      setBearerTokenProvider(null);
      setState(notice("Your session ended", reason, true));
    };
  });

  useEffect(() => {
    let live = true;
    if (!booting || booting.location !== location)
      booting = { location, promise: boot(location, qc, (reason) => failedRef.current(reason)) };
    void booting.promise.then((result) => {
      if (!live) return;
      if (result.kind === "redirecting") window.location.replace(result.to);
      setState(result);
    });
    return () => {
      live = false;
    };
  }, [location, qc, attempt]);

  // A 401 that a fresh host token did not cure: the host no longer vouches for this agent.
  useEffect(
    () =>
      onSessionEnded(() => {
        setBearerTokenProvider(null);
        if (booting)
          void booting.promise.then((b) =>
            b.kind === "ready"
              ? b.link.sessionExpired("Baton's session ended and the host's sign-in was refused.")
              : undefined,
          );
        setState(
          notice(
            "Your session ended",
            "Baton's session ended and a fresh sign-in through the host was refused.",
            true,
          ),
        );
      }),
    [],
  );

  const retry = () => {
    if (booting) void booting.promise.then((b) => (b.kind === "ready" ? b.bridge?.close() : undefined));
    booting = null;
    setState(null);
    setAttempt((n) => n + 1);
  };

  if (!state) {
    return (
      <Centered>
        <Spinner label="Signing in through your host" />
      </Centered>
    );
  }
  if (state.kind === "redirecting") {
    return (
      <Centered>
        <Spinner label="Going back to the admin" />
      </Centered>
    );
  }
  if (state.kind === "notice") {
    return (
      <Centered>
        <div role="alert" className="flex max-w-md flex-col items-center gap-2">
          <h1 className="text-lg font-semibold">{state.title}</h1>
          <p className="text-sm text-muted">{state.message}</p>
        </div>
        {state.retry ? <Button onClick={retry}>Try again</Button> : null}
      </Centered>
    );
  }
  return <Ready boot={state} layout={location.layout} />;
}

/** Baton inside a host's frame: providers, the sign-in through the host, then the full inbox or the side panel. */
export function EmbeddedApp({
  location,
  queryClient,
}: {
  location: EmbedLocation;
  queryClient?: QueryClient;
}) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <ErrorBoundary>
      <QueryClientProvider client={client}>
        <EmbeddedGate location={location} />
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
