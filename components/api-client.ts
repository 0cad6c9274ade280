// Browser-side calls to our API. Errors carry the server's message so the UI can show it as is.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "Could not reach the server. Check your connection and try again.");
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const message =
      data?.error?.message ??
      (response.status === 401 ? "Your session has ended. Sign in again." : `The server answered ${response.status}.`);
    throw new ApiError(response.status, message, data?.error?.code);
  }
  return data as T;
}

export function newClientKey(): string {
  return crypto.randomUUID().replace(/-/g, "");
}
