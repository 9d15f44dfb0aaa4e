import { Hono, type Context } from "hono";
import type { z } from "zod";
import { GraphError, metaErrors } from "./meta-errors.ts";
import type { GraphEmulator } from "./emulator.ts";
import {
  describeInvalid,
  extendThreadControlRequest,
  passThreadControlRequest,
  releaseThreadControlRequest,
  requestThreadControlRequest,
  sendRequest,
  takeThreadControlRequest,
} from "./graph-requests.ts";
import { avatarSvg } from "./avatar.ts";
import { cdnFile } from "./cdn.ts";

type ErrorStatus = 400 | 401 | 403 | 404 | 500;

function tokenOf(c: Context): string | null {
  const query = c.req.query("access_token");
  if (query) return query;
  const auth = c.req.header("authorization");
  const bearer = auth?.match(/^Bearer\s+(.+)$/i)?.[1];
  return bearer ?? null;
}

function fail(c: Context, error: unknown): Response {
  if (error instanceof GraphError) return c.json(error.toBody(), error.status as ErrorStatus);
  throw error;
}

async function bodyOf<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new GraphError(metaErrors.invalidParameter("The request body is not valid JSON"));
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new GraphError(metaErrors.invalidParameter(describeInvalid(parsed.error)));
  return parsed.data;
}

/**
 * Meta's Graph API as Baton calls it, with or without a version prefix (`/v23.0/me/messages` and `/me/messages`).
 * Which app is calling is known from its Page access token.
 */
export function graphRoutes(emulator: GraphEmulator): Hono {
  const api = new Hono();

  api.post("/me/messages", async (c) => {
    try {
      const appId = emulator.appForToken(tokenOf(c));
      const body = await bodyOf(c, sendRequest);
      return c.json(emulator.send(appId, body));
    } catch (e) {
      return fail(c, e);
    }
  });

  api.post("/me/pass_thread_control", async (c) => {
    try {
      const appId = emulator.appForToken(tokenOf(c));
      const body = await bodyOf(c, passThreadControlRequest);
      emulator.passThreadControl(appId, body.recipient.id, body.target_app_id, body.metadata ?? "");
      return c.json({ success: true });
    } catch (e) {
      return fail(c, e);
    }
  });

  api.post("/me/take_thread_control", async (c) => {
    try {
      const appId = emulator.appForToken(tokenOf(c));
      const body = await bodyOf(c, takeThreadControlRequest);
      emulator.takeThreadControl(appId, body.recipient.id, body.metadata ?? "");
      return c.json({ success: true });
    } catch (e) {
      return fail(c, e);
    }
  });

  api.post("/me/request_thread_control", async (c) => {
    try {
      const appId = emulator.appForToken(tokenOf(c));
      const body = await bodyOf(c, requestThreadControlRequest);
      emulator.requestThreadControl(appId, body.recipient.id, body.metadata ?? "");
      return c.json({ success: true });
    } catch (e) {
      return fail(c, e);
    }
  });

  api.post("/me/release_thread_control", async (c) => {
    try {
      const appId = emulator.appForToken(tokenOf(c));
      const body = await bodyOf(c, releaseThreadControlRequest);
      emulator.releaseThreadControl(appId, body.recipient.id);
      return c.json({ success: true });
    } catch (e) {
      return fail(c, e);
    }
  });

  api.post("/me/extend_thread_control", async (c) => {
    try {
      const appId = emulator.appForToken(tokenOf(c));
      const body = await bodyOf(c, extendThreadControlRequest);
      emulator.extendThreadControl(appId, body.recipient.id);
      return c.json({ success: true });
    } catch (e) {
      return fail(c, e);
    }
  });

  api.get("/me/thread_owner", (c) => {
    try {
      emulator.appForToken(tokenOf(c));
      const psid = c.req.query("recipient");
      if (!psid) throw new GraphError(metaErrors.invalidParameter("The parameter recipient is required"));
      return c.json({ data: [{ thread_owner: { app_id: emulator.ownerOf(psid) } }] });
    } catch (e) {
      return fail(c, e);
    }
  });

  api.get("/me/secondary_receivers", (c) => {
    try {
      emulator.appForToken(tokenOf(c));
      const apps = emulator.pageApps();
      const data = apps.connectedAppIds
        .filter((id) => id !== apps.primaryAppId)
        .map((id) => ({ id, name: emulator.appName(id) }));
      return c.json({ data });
    } catch (e) {
      return fail(c, e);
    }
  });

  api.get("/avatars/:file", (c) => {
    const psid = c.req.param("file").replace(/\.svg$/, "");
    const customer = emulator.customer(psid);
    const name = customer ? `${customer.profile.firstName} ${customer.profile.lastName}` : "?";
    return c.body(avatarSvg(name, psid), 200, {
      "Content-Type": "image/svg+xml",
      "Cache-Control": "public, max-age=86400",
    });
  });

  api.get("/cdn/:kind/:file", (c) => {
    const file = cdnFile(c.req.param("kind"), c.req.param("file"));
    if (!file) return c.json(new GraphError(metaErrors.unknownPath(c.req.path)).toBody(), 404);
    return c.body(file.body, 200, { "Content-Type": file.type, "Cache-Control": "public, max-age=86400" });
  });

  api.get("/me", (c) => {
    try {
      emulator.appForToken(tokenOf(c));
      return c.json({ id: emulator.pageId, name: emulator.pageName });
    } catch (e) {
      return fail(c, e);
    }
  });

  api.get("/:psid", (c) => {
    try {
      emulator.appForToken(tokenOf(c));
      const fields = (c.req.query("fields") ?? "")
        .split(",")
        .map((f) => f.trim())
        .filter(Boolean);
      return c.json(emulator.profileOf(c.req.param("psid"), fields));
    } catch (e) {
      return fail(c, e);
    }
  });

  const root = new Hono();
  root.route("/:version{v\\d+\\.\\d+}", api);
  root.route("/", api);
  root.notFound((c) => c.json(new GraphError(metaErrors.unknownPath(c.req.path)).toBody(), 404));
  return root;
}
