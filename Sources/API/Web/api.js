// The server's REST API as the page uses it: JSON in and out, the session cookie along, errors as ApiError
// carrying the server's {"error":{"code","message"}}.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(path, { method = "GET", body } = {}) {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    throw new ApiError(response.status, data?.error?.code ?? "error", data?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  return data;
}

// Money arrives in integer minor units; it is only ever formatted here, never computed with.
export function money(amount) {
  if (!amount) return "";
  const minor = Math.abs(amount.minor);
  const sign = amount.minor < 0 ? "-" : "";
  const symbol = amount.currency === "INR" ? "₹" : `${amount.currency} `;
  return `${sign}${symbol}${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;
}

export function when(milliseconds) {
  return new Date(milliseconds).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
