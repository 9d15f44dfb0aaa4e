import type { LinkInfo } from "@contract/auth.ts";

/** What the form of a one-time link (setup, invitation, password reset) is given. */
export interface LinkFormProps {
  /** The link's token (read from its #fragment by the app). */
  token: string;
  onSignedIn: () => void;
}

/** A link form that shows what the link is for. */
export interface CheckedLinkFormProps extends LinkFormProps {
  /** What the link is for (POST /api/auth/link): the invited email and role, or whose password it resets. */
  info: LinkInfo;
}
