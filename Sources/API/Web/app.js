import { api, ApiError, money, when } from "./api.js";
import { LiveRoom } from "./live.js";
import { SeatMap } from "./seatmap.js";

// The page: a hash router over a few views, each talking only to the public REST routes and /ws.
const view = document.getElementById("view");
let me = null;
let leave = () => {};

const routes = [
  [/^#\/?$/, showList],
  [/^#\/signin$/, signIn],
  [/^#\/show\/([^/]+)$/, showPage],
  [/^#\/tickets$/, myTickets],
  [/^#\/door(?:\/([^/]+))?$/, door],
  [/^#\/chat\/([^/]+)$/, chat],
];

async function route() {
  leave();
  leave = () => {};
  const hash = location.hash || "#/";
  for (const [pattern, render] of routes) {
    const match = hash.match(pattern);
    if (match) {
      try {
        await render(...match.slice(1).map((part) => part && decodeURIComponent(part)));
      } catch (error) {
        view.replaceChildren(el("p", { class: "error" }, error.message));
      }
      return;
    }
  }
  view.replaceChildren(el("p", {}, "Nothing here."));
}

// A small element builder: el("p", {class: "x"}, "text", child…).
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value !== false && value != null) node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child != null) node.append(child);
  return node;
}

function toast(message) {
  const box = document.getElementById("toast");
  box.textContent = message;
  box.classList.add("show");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => box.classList.remove("show"), 3000);
}

async function whoAmI() {
  try {
    me = (await api("/api/auth/me")).user;
  } catch {
    me = null;
  }
  const who = document.getElementById("who");
  who.replaceChildren(me
    ? el("span", {}, `${me.email} `, el("button", { type: "button", onclick: signOut }, "Sign out"))
    : el("a", { href: "#/signin" }, "Sign in"));
}

async function signOut() {
  await api("/api/auth/logout", { method: "POST" });
  await whoAmI();
  location.hash = "#/";
}

// Sign-in by e-mailed passcode; in development the mail lands in the outbox, whose link the page shows.
async function signIn() {
  const email = el("input", { id: "email", type: "email", autocomplete: "email", required: true });
  const name = el("input", { id: "name", autocomplete: "name" });
  const role = el("select", { id: "role" }, el("option", { value: "customer" }, "Customer"), el("option", { value: "organizer" }, "Organizer"));
  const code = el("input", { id: "code", inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]{6}" });
  const status = el("p", { role: "status" });
  const codeStep = el("form", { hidden: true, onsubmit: verify },
    el("label", { for: "code" }, "The 6-digit code"), code, el("p", {}, el("button", { class: "primary", id: "verify" }, "Sign in")));
  async function send(event) {
    event.preventDefault();
    const organizer = role.value === "organizer";
    const body = name.value.trim() ? { name: name.value.trim(), email: email.value } : { email: email.value };
    const path = name.value.trim() ? (organizer ? "/api/auth/orgn-reg" : "/api/auth/user-reg") : (organizer ? "/api/auth/orgn-login" : "/api/auth/user-login");
    try {
      await api(path, { method: "POST", body });
      status.replaceChildren("A code was sent to ", email.value, ". In development it is in the ",
        el("a", { href: `/dev/outbox?to=${encodeURIComponent(email.value)}`, target: "_blank" }, "outbox"), ".");
      codeStep.hidden = false;
      code.focus();
    } catch (error) {
      status.replaceChildren(el("span", { class: "error" }, error.message));
    }
  }
  async function verify(event) {
    event.preventDefault();
    try {
      await api("/api/auth/verify-otp", { method: "POST", body: { email: email.value, inputOtp: code.value.trim() } });
      await whoAmI();
      location.hash = me?.role === "organizer" ? "#/door" : "#/";
    } catch (error) {
      status.replaceChildren(el("span", { class: "error" }, error.message));
    }
  }
  view.replaceChildren(el("h1", {}, "Sign in"),
    el("form", { onsubmit: send },
      el("label", { for: "email" }, "E-mail"), email,
      el("label", { for: "role" }, "As"), role,
      el("label", { for: "name" }, "Name (only to sign up)"), name,
      el("p", {}, el("button", { class: "primary", id: "send" }, "Send me a code"))),
    codeStep, status);
  email.focus();
}

async function showList() {
  const query = el("input", { id: "q", type: "search", placeholder: "Title, venue…" });
  const city = el("input", { id: "city", placeholder: "Any city" });
  const list = el("ul", { class: "cards", "aria-live": "polite" });
  async function search(event) {
    event?.preventDefault();
    const params = new URLSearchParams({ limit: "50" });
    if (query.value.trim()) params.set("q", query.value.trim());
    if (city.value.trim()) params.set("city", city.value.trim());
    const found = await api(`/api/event?${params}`);
    list.replaceChildren(...found.events.map((show) => el("li", { class: "card" },
      el("a", { href: `#/show/${encodeURIComponent(show.eventId)}` }, show.title),
      el("div", { class: "muted" }, `${show.kind} · ${show.city || "online"} · ${when(show.start)}`),
      el("div", {}, show.priceFrom ? `from ${money(show.priceFrom)}` : "free", ` · ${show.available} of ${show.capacity} left`))));
    if (!found.events.length) list.replaceChildren(el("li", {}, "No shows match."));
  }
  view.replaceChildren(el("h1", {}, "Shows"),
    el("form", { onsubmit: search, class: "panel" },
      el("label", { for: "q" }, "Search"), query, el("label", { for: "city" }, "City"), city,
      el("p", {}, el("button", {}, "Search"))), list);
  await search();
}

// One show: the seat map (or category counts) live from /ws, a hold with its countdown and the server's price,
// the sandbox checkout, and the tickets.
// What leaving the page lets go: set by the show page while it has a hold.
let releaseOnLeave = null;

async function showPage(id) {
  const details = await api(`/api/event/${encodeURIComponent(id)}`);
  const map = await api(`/api/event/${encodeURIComponent(id)}/seats`);
  const prices = Object.fromEntries((details.seatTypes ?? []).map((type) => [type.type, type.price]));
  const holdPanel = el("section", { class: "panel", "aria-live": "polite" });
  const liveState = el("span", { class: "muted", id: "live-state" }, "connecting…");
  const mapBox = el("div", { id: "seatmap" });
  const counts = el("div", { id: "categories" });
  let hold = null;
  let chosen = [];
  let timer = null;

  view.replaceChildren(
    el("h1", {}, details.title),
    el("p", { class: "muted" }, `${details.venue || details.city || "Online"} · ${when(details.start)} · `, liveState),
    details.plan ? el("div", { class: "legend", "aria-hidden": "true" },
      ...[["free", "Free"], ["held", "Held"], ["mine", "Yours"], ["sold", "Sold"]].map(([status, text]) =>
        el("span", {}, el("span", { class: `seat ${status}` }), ` ${text}`))) : null,
    details.seatTypes?.length ? el("p", { class: "muted", id: "seat-prices" },
      details.seatTypes.map((type) => `${type.type} ${money(type.price)} + ${money(type.feePerTicket)} fee`).join(" · ")) : null,
    details.plan ? mapBox : counts,
    holdPanel);

  let seatMap = null;
  if (details.plan) {
    const started = performance.now();
    seatMap = new SeatMap(mapBox, details.plan, prices, (selected) => { chosen = selected; renderHold(); });
    seatMap.load(map.seats);
    window.tktplzSeatMapRenderMs = performance.now() - started;
  } else {
    renderCategories(map.categories);
  }

  function renderCategories(categories) {
    counts.replaceChildren(...(details.categories ?? []).map((category) => {
      const live = categories.find((c) => c.id === category.id);
      const input = el("input", { type: "number", min: "0", max: String(details.maxTicketsPerOrder), value: "0", id: `count-${category.id}`, "data-category": category.id });
      return el("div", { class: "panel" }, el("label", { for: `count-${category.id}` }, `${category.name} · ${money(category.price)} (+${money(category.feePerTicket)} fee)`),
        input, el("span", { class: "muted" }, ` ${live?.available ?? 0} of ${category.capacity} left`));
    }));
    counts.addEventListener("input", () => renderHold());
  }

  releaseOnLeave = () => {
    if (!hold) return;
    const body = new Blob([JSON.stringify({ eventId: id, bookingId: hold.bookingId })], { type: "application/json" });
    navigator.sendBeacon("/api/booking/release", body);
  };

  // My hold on this show, if I have one (after a reload).
  if (me?.role === "customer") {
    const mine = await api(`/api/user/bookings?status=held&after=${map.position}`);
    const current = mine.bookings.find((booking) => booking.eventId === id && booking.expiresAt > Date.now());
    if (current) {
      hold = { bookingId: current.bookingId, items: current.items, price: current.price, expiresAt: current.expiresAt };
      seatMap?.setMine(current.items.seats ?? []);
    }
  }

  const room = new LiveRoom(id, map.position, {
    onState: (state) => { liveState.textContent = state === "live" ? "live" : "reconnecting…"; },
    onResync: async () => {
      const fresh = await api(`/api/event/${encodeURIComponent(id)}/seats`);
      seatMap?.load(fresh.seats);
      if (!seatMap) renderCategories(fresh.categories);
    },
    onMessage: async (message) => {
      switch (message.type) {
        case "seats-locked": seatMap?.set(message.seats, "held"); break;
        case "seats-booked": seatMap?.set(message.seats, "sold"); break;
        case "seats-unlocked":
        case "seats-released":
          if (hold && (hold.items.seats ?? []).some((seat) => message.seats.includes(seat)) && message.type === "seats-unlocked") {
            hold = null;
            seatMap?.setMine([]);
            toast(message.reason === "expired" ? "Your hold expired; the seats are free again." : "Your hold ended.");
            renderHold();
          }
          seatMap?.set(message.seats, "free");
          break;
        default:
          if (message.type?.startsWith("tickets-") && !seatMap) renderCategories((await api(`/api/event/${encodeURIComponent(id)}/seats`)).categories);
      }
    },
  });
  leave = () => { room.close(); clearInterval(timer); };

  function requested() {
    if (seatMap) return chosen.length ? { seats: chosen } : null;
    const tickets = {};
    for (const input of counts.querySelectorAll("input[data-category]")) {
      const count = Number(input.value);
      if (count > 0) tickets[input.dataset.category] = count;
    }
    return Object.keys(tickets).length ? { tickets } : null;
  }

  function priceTable(price) {
    return el("table", { class: "price" },
      ...price.lines.map((line) => el("tr", {}, el("td", {}, `${line.item} × ${line.quantity}`), el("td", {}, money(line.unitPrice)))),
      el("tr", {}, el("td", {}, "Convenience fees"), el("td", {}, money(price.fees))),
      price.tax.minor ? el("tr", {}, el("td", {}, "Tax"), el("td", {}, money(price.tax))) : null,
      el("tr", { class: "total" }, el("td", {}, "Total"), el("td", {}, money(price.total))));
  }

  function renderHold() {
    clearInterval(timer);
    if (!me) {
      holdPanel.replaceChildren(el("p", {}, el("a", { href: "#/signin" }, "Sign in"), " to hold seats."));
      return;
    }
    if (!hold) {
      const request = requested();
      holdPanel.replaceChildren(
        el("p", {}, seatMap ? (chosen.length ? `Chosen: ${chosen.join(", ")}` : "Pick seats on the map.") : "Choose how many tickets."),
        el("button", { class: "primary", id: "hold", disabled: !request, onclick: () => placeHold(requested()) }, "Hold"),
        // Or the server picks: the best free seats side by side, leaving no seat alone where it can.
        seatMap ? el("p", {}, el("label", { for: "best-count" }, "Or the best "),
          el("input", { type: "number", id: "best-count", min: "1", max: "10", value: "2", class: "count" }), " ",
          el("button", { id: "best", onclick: () => placeHold({ best: { count: Number(holdPanel.querySelector("#best-count").value) } }) }, "Best seats"))
          : null);
      return;
    }
    const countdown = el("span", { class: "countdown", id: "countdown" });
    const tick = () => {
      const left = Math.max(0, Math.round((hold.expiresAt - Date.now()) / 1000));
      countdown.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    };
    tick();
    timer = setInterval(tick, 1000);
    holdPanel.replaceChildren(
      el("p", {}, "Held for you: ", el("strong", {}, hold.items.seats ? hold.items.seats.join(", ") : Object.entries(hold.items.tickets).map(([c, n]) => `${n} × ${c}`).join(", ")),
        " · time left ", countdown),
      priceTable(hold.price),
      el("p", {}, el("button", { class: "primary", id: "pay", onclick: checkout }, "Pay"), " ",
        el("button", { id: "release", onclick: release }, "Let go")));
  }

  async function placeHold(request) {
    try {
      const held = await api("/api/booking/hold", { method: "POST", body: { eventId: id, ...request } });
      hold = held;
      seatMap?.setMine(held.items.seats ?? []);
      seatMap?.clearSelection();
      chosen = [];
      renderHold();
    } catch (error) {
      toast(error.message);
    }
  }

  async function release() {
    await api("/api/booking/release", { method: "POST", body: { eventId: id, bookingId: hold.bookingId } });
    seatMap?.set(hold.items.seats ?? [], "free");
    seatMap?.setMine([]);
    hold = null;
    renderHold();
  }

  // The sandbox stands in for the gateway's window: pay (or fail), then verify with the server.
  async function checkout() {
    try {
      const order = await api("/api/payment/order", { method: "POST", body: { bookingId: hold.bookingId } });
      clearInterval(timer);
      holdPanel.replaceChildren(el("h2", {}, "Checkout"),
        el("p", {}, `Order ${order.orderId} · `, el("strong", {}, money({ minor: order.amount, currency: order.currency }))),
        el("p", { class: "muted" }, "Sandbox payment: no real money moves."),
        el("p", {}, el("button", { class: "primary", id: "sandbox-pay", onclick: () => pay(order, "succeed") }, "Pay now"), " ",
          el("button", { id: "sandbox-fail", onclick: () => pay(order, "fail") }, "Fail the payment")));
    } catch (error) {
      toast(error.message);
    }
  }

  async function pay(order, outcome) {
    const paid = await api(`/sandbox/checkout/${encodeURIComponent(order.orderId)}/pay`, { method: "POST", body: { outcome } });
    if (!paid.razorpay_signature) {
      holdPanel.replaceChildren(el("p", { class: "error" }, "The payment failed. Your hold lasts until it expires."),
        el("button", { onclick: checkout }, "Try again"));
      return;
    }
    try {
      const confirmed = await api("/api/payment/verify", { method: "POST", body: { bookingId: hold.bookingId, ...paid } });
      seatMap?.setMine([]);
      hold = null;
      holdPanel.replaceChildren(el("h2", {}, "Your tickets"), ticketCards(confirmed.bookingId, confirmed.tickets),
        el("p", {}, el("a", { href: `/api/ticket/${encodeURIComponent(confirmed.bookingId)}/pdf`, id: "pdf" }, "Download the PDF")));
    } catch (error) {
      holdPanel.replaceChildren(el("p", { class: "error" }, error.message));
    }
  }

  renderHold();
}

function ticketCards(bookingId, tickets) {
  return el("div", { class: "tickets" }, ...tickets.map((ticket) => el("figure", { class: "ticket", "data-ticket": ticket.ticketId },
    el("img", { src: `/api/ticket/${encodeURIComponent(bookingId)}/${encodeURIComponent(ticket.ticketId)}/qr.svg`, alt: `QR code of the ticket for ${ticket.admits}` }),
    el("figcaption", {}, el("strong", {}, ticket.admits), ` · ${ticket.status}`),
    el("div", { class: "token" }, ticket.token))));
}

async function myTickets() {
  if (!me) { location.hash = "#/signin"; return; }
  const mine = await api("/api/user/bookings");
  const confirmed = mine.bookings.filter((booking) => booking.status === "confirmed");
  const sections = await Promise.all(confirmed.map(async (booking) => {
    const tickets = await api(`/api/ticket/${encodeURIComponent(booking.bookingId)}`);
    const outcome = el("p", { "aria-live": "polite" }, booking.refund ? `Refund: ${booking.refund.status}` : "");
    // An online show's link, for a confirmed booking not refunded (the server leaves it out otherwise). Only an
    // https address becomes a link.
    const link = tickets.accessLink;
    const access = link ? el("p", { class: "access" }, "Join online: ",
      /^https:\/\//i.test(link) ? el("a", { href: link, rel: "noopener noreferrer", target: "_blank", "data-access": booking.bookingId }, link) : link) : null;
    return el("section", { class: "panel" },
      el("h2", {}, booking.eventId), access, ticketCards(booking.bookingId, tickets.tickets),
      booking.refund ? null : el("p", {}, el("a", { href: `#/chat/${encodeURIComponent(booking.eventId)}`, "data-chat": booking.eventId }, "The show's chat")),
      el("p", {}, el("a", { href: `/api/ticket/${encodeURIComponent(booking.bookingId)}/pdf` }, "PDF"), " ",
        booking.refund ? null : el("button", { onclick: async () => {
          try {
            const refunded = await api("/api/payment/refund", { method: "POST", body: { bookingId: booking.bookingId } });
            outcome.textContent = `Cancelled: refund of ${money(refunded.refund.amount)} ${refunded.refund.status}`;
          } catch (error) {
            outcome.replaceChildren(el("span", { class: "error" }, error.message));
          }
        } }, "Cancel and refund")),
      outcome);
  }));
  view.replaceChildren(el("h1", {}, "My tickets"), ...(sections.length ? sections : [el("p", {}, "No tickets yet.")]), accountPanel());
}

// Erasure: the customer's name, address, phone, registration answers and chat text are erased for good (their key
// is destroyed; the server keeps what was sold, anonymously), and every session of the account ends.
function accountPanel() {
  const status = el("p", { role: "status" });
  const erase = el("button", { type: "button", id: "erase-account", onclick: async () => {
    if (!window.confirm("Erase your account? Your name, address, phone, registration answers and chat messages are erased for good.")) return;
    try {
      await api("/api/user/account", { method: "DELETE", body: { confirm: true } });
      toast("Your account is erased");
      await whoAmI();
      location.hash = "#/";
    } catch (error) {
      status.replaceChildren(el("span", { class: "error" }, error.message));
    }
  } }, "Erase my account");
  return el("section", { class: "panel" }, el("h2", {}, "Your account"),
    el("p", {}, "Erasing it removes your name, address, phone, registration answers and chat messages for good. ",
      "Tickets already issued still admit at the door; this account cannot be signed in to again."),
    el("p", {}, erase), status);
}

// The door: an organizer picks a show, pastes or scans a ticket, and sees admitted or refused with the reason.
async function door(id) {
  if (!me || me.role !== "organizer") {
    view.replaceChildren(el("h1", {}, "Door"), el("p", {}, el("a", { href: "#/signin" }, "Sign in as an organizer"), " to check tickets in."));
    return;
  }
  const shows = await api("/api/event?limit=100");
  const picker = el("select", { id: "door-show", onchange: () => { location.hash = `#/door/${encodeURIComponent(picker.value)}`; } },
    el("option", { value: "" }, "Choose a show"),
    ...shows.events.map((show) => el("option", { value: show.eventId, selected: show.eventId === id }, `${show.title} · ${when(show.start)}`)));
  view.replaceChildren(el("h1", {}, "Door"), el("label", { for: "door-show" }, "Show"), picker);
  if (!id) return;
  const token = el("textarea", { id: "token", rows: "3", placeholder: "tkt1.…" });
  const verdict = el("div", { id: "verdict", role: "status", "aria-live": "assertive" });
  const count = el("p", { id: "door-count", "aria-live": "polite" });
  async function refresh() {
    try {
      const counts = await api(`/api/organizer/events/${encodeURIComponent(id)}/check-ins`);
      count.textContent = `${counts.checkedIn} of ${counts.valid} tickets checked in`;
    } catch (error) {
      count.textContent = error.message;
    }
  }
  async function admit(event) {
    event?.preventDefault();
    const scanned = token.value.trim();
    if (!scanned) return;
    try {
      const admitted = await api(`/api/organizer/events/${encodeURIComponent(id)}/check-in`, { method: "POST", body: { token: scanned } });
      verdict.className = "verdict admitted";
      verdict.textContent = `Admitted: ${admitted.admits}`;
    } catch (error) {
      verdict.className = "verdict refused";
      verdict.textContent = `Refused: ${error.message}`;
    }
    token.value = "";
    token.focus();
    refresh();
    listAttendees();
  }
  const camera = "BarcodeDetector" in window
    ? el("button", { type: "button", onclick: () => scanWithCamera(token, admit) }, "Scan with the camera") : null;
  // Who comes, for the show's own organizer: each confirmed booking with its customer, what it admits and how many
  // are in; the same as CSV for a spreadsheet; and the payout receipt once the show has ended and settled.
  const attendees = el("section", { id: "attendees", class: "panel", "aria-live": "polite" });
  async function listAttendees() {
    const path = `/api/organizer/events/${encodeURIComponent(id)}/attendees`;
    try {
      const list = await api(path);
      const rows = list.attendees.map((attendee) => el("tr", {},
        el("td", {}, attendee.name || attendee.customerId), el("td", {}, attendee.email),
        el("td", {}, attendee.tickets.map((ticket) => ticket.admits).join(" ")), el("td", {}, `${attendee.checkedIn} of ${attendee.tickets.length}`),
        el("td", {}, attendee.status)));
      attendees.replaceChildren(el("h2", {}, `Attendees (${list.attendees.length})`),
        rows.length ? el("table", { class: "attendees" },
          el("thead", {}, el("tr", {}, ...["Name", "E-mail", "Admits", "In", "Status"].map((title) => el("th", { scope: "col" }, title)))),
          el("tbody", {}, ...rows)) : el("p", {}, "No confirmed bookings yet."),
        el("p", {}, el("a", { id: "attendees-csv", href: `${path}.csv`, download: "" }, "Download as CSV")));
    } catch (error) {
      attendees.replaceChildren(el("p", { class: "error" }, error.message));
    }
    try {
      const payout = await api(`/api/organizer/events/${encodeURIComponent(id)}/payout`);
      if (payout.figures) {
        attendees.append(el("p", {}, `Payout ${payout.status}: ${money(payout.figures.netPayable)} `,
          el("a", { id: "payout-receipt", href: `/api/organizer/events/${encodeURIComponent(id)}/payout/receipt.pdf` }, "Receipt (PDF)")));
      }
    } catch {
      // Somebody else's show: the attendees' refusal above already says so.
    }
  }
  view.append(el("form", { onsubmit: admit, class: "panel" },
    el("label", { for: "token" }, "Ticket"), token, el("p", {}, el("button", { class: "primary", id: "check-in" }, "Check in"), " ", camera)),
    verdict, count, attendees);
  await refresh();
  await listAttendees();
  // The count follows other scanners at this door too.
  const poll = setInterval(refresh, 2000);
  leave = () => clearInterval(poll);
  token.focus();
}

// A show's chat, for its ticket holders and its organizer: the newest page, then live over /ws from its position.
// Names only, never addresses; the server limits length and rate and says why it refused.
async function chat(id) {
  if (!me) { location.hash = "#/signin"; return; }
  const path = `/api/event/${encodeURIComponent(id)}/chat`;
  const [details, page] = await Promise.all([api(`/api/event/${encodeURIComponent(id)}`), api(`${path}?limit=50`)]);
  // The show's organizer moderates: a hidden message goes for everyone, live.
  const moderates = me.role === "organizer";
  const problem = el("p", { class: "error", role: "alert" });
  const list = el("ol", { id: "chat-messages", class: "chat", "aria-live": "polite" });
  const shown = new Map();
  function add(message) {
    if (shown.has(message.number)) return;
    const item = el("li", { "data-number": String(message.number) },
      el("strong", {}, message.name), message.role === "organizer" ? el("span", { class: "muted" }, " (organizer)") : null,
      el("span", { class: "muted" }, ` · ${when(message.at)}`), el("p", {}, message.text),
      moderates ? el("button", { type: "button", class: "hide", onclick: async () => {
        try {
          await api(`/api/organizer/events/${encodeURIComponent(id)}/chat/${message.number}/hide`, { method: "POST" });
        } catch (error) {
          problem.textContent = error.message;
        }
      } }, "Hide") : null);
    shown.set(message.number, item);
    const later = [...list.children].find((other) => Number(other.dataset.number) > message.number);
    list.insertBefore(item, later ?? null);
  }
  [...page.messages].reverse().forEach(add);
  const text = el("input", { id: "chat-text", maxlength: "500", autocomplete: "off", "aria-label": "Message" });
  async function send(event) {
    event.preventDefault();
    if (!text.value.trim()) return;
    try {
      await api(path, { method: "POST", body: { text: text.value } });
      text.value = "";
      problem.textContent = "";
    } catch (error) {
      problem.textContent = error.message;
    }
    text.focus();
  }
  const liveState = el("span", { class: "muted", id: "chat-state" }, "connecting…");
  view.replaceChildren(el("h1", {}, `Chat · ${details.title}`),
    el("p", { class: "muted" }, el("a", { href: `#/show/${encodeURIComponent(id)}` }, "The show"), " · ", liveState),
    list, el("form", { onsubmit: send, class: "panel" }, text, " ", el("button", { class: "primary", id: "chat-send" }, "Send")), problem);
  const room = new LiveRoom(id, page.position, {
    join: "join-chat",
    onState: (state) => { liveState.textContent = state; },
    onResync: () => route(),
    onMessage: (message) => {
      if (message.type === "chat-message") add(message);
      if (message.type === "chat-hidden") { shown.get(message.number)?.remove(); shown.delete(message.number); }
      if (message.type === "error") problem.textContent = message.message ?? "the chat refused";
    },
  });
  leave = () => room.close();
  text.focus();
}

async function scanWithCamera(token, admit) {
  const video = el("video", { playsinline: true, muted: true, style: "max-width:100%" });
  view.append(video);
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
  video.srcObject = stream;
  await video.play();
  const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  const look = async () => {
    const [code] = await detector.detect(video).catch(() => []);
    if (code) {
      stream.getTracks().forEach((track) => track.stop());
      video.remove();
      token.value = code.rawValue;
      admit();
    } else {
      requestAnimationFrame(look);
    }
  };
  look();
}

window.addEventListener("hashchange", route);
// Leaving the page (closing the tab, going elsewhere) lets a hold go at once, so its seats come back for everyone
// now rather than when its timer runs out: a beacon survives the page, and the server takes it as any release.
window.addEventListener("pagehide", () => releaseOnLeave?.());
await whoAmI();
await route();
