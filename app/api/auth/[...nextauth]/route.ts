import { enabledProviderIds, handlers } from "@/lib/auth/config";
import { guardAuthRoute } from "@/lib/auth/guard-auth-route";

export const GET = guardAuthRoute(handlers.GET, enabledProviderIds);
export const POST = guardAuthRoute(handlers.POST, enabledProviderIds);
