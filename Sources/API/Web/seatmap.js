import { money } from "./api.js";

// Draws a seated show from its plan (rows, gaps, seat types) once, then only changes classes and labels as
// seats change, so a thousand-seat map redraws nothing on a live update. Seats are buttons: Tab reaches the map,
// the arrow keys move between seats, Space or Enter picks one. State is shown by colour and by a mark (✓ mine,
// ✕ sold, hatching for held), and spelled out in each seat's label.
export class SeatMap {
  constructor(container, plan, prices, onToggle) {
    this.buttons = new Map();
    this.status = new Map();
    this.mine = new Set();
    this.selected = new Set();
    this.prices = prices;
    this.onToggle = onToggle;
    const map = document.createElement("div");
    map.className = "seatmap";
    map.setAttribute("role", "group");
    map.setAttribute("aria-label", "Seat map: the screen is at the top");
    const screen = document.createElement("div");
    screen.className = "screen";
    screen.textContent = "Screen";
    map.append(screen);
    this.grid = [];
    for (const row of plan.rows) {
      const line = document.createElement("div");
      line.className = "row";
      const label = document.createElement("span");
      label.className = "label";
      label.textContent = row.label;
      label.setAttribute("aria-hidden", "true");
      line.append(label);
      const seatsOfRow = [];
      for (const place of row.places) {
        if (place.gap) {
          const gap = document.createElement("span");
          gap.className = "gap";
          line.append(gap);
          continue;
        }
        const button = document.createElement("button");
        button.type = "button";
        button.className = "seat";
        button.dataset.seat = place.seat;
        button.dataset.type = place.type;
        button.textContent = place.seat.slice(row.label.length);
        button.tabIndex = -1;
        if (place.blocked) {
          button.classList.add("blocked");
          button.disabled = true;
        } else {
          seatsOfRow.push(button);
          this.buttons.set(place.seat, button);
        }
        line.append(button);
      }
      this.grid.push(seatsOfRow);
      map.append(line);
    }
    map.addEventListener("click", (event) => {
      const button = event.target.closest("button.seat");
      if (button) this.toggle(button.dataset.seat);
    });
    map.addEventListener("keydown", (event) => this.move(event));
    const first = this.grid.find((row) => row.length)?.[0];
    if (first) first.tabIndex = 0;
    container.replaceChildren(map);
  }

  /// Sets every seat's status from the seat map route's list.
  load(seats) {
    for (const seat of seats) this.status.set(seat.id, seat.status);
    for (const id of this.buttons.keys()) this.paint(id);
  }

  set(ids, status) {
    for (const id of ids) {
      this.status.set(id, status);
      if (status !== "free" && !this.mine.has(id)) this.selected.delete(id);
      this.paint(id);
    }
  }

  setMine(ids) {
    const before = [...this.mine];
    this.mine = new Set(ids);
    for (const id of [...before, ...ids]) this.paint(id);
  }

  clearSelection() {
    const before = [...this.selected];
    this.selected.clear();
    for (const id of before) this.paint(id);
  }

  toggle(id) {
    const status = this.status.get(id) ?? "free";
    if (status !== "free" && !this.mine.has(id)) return;
    if (this.selected.has(id)) this.selected.delete(id); else this.selected.add(id);
    this.paint(id);
    this.onToggle([...this.selected]);
  }

  paint(id) {
    const button = this.buttons.get(id);
    if (!button) return;
    const status = this.mine.has(id) ? "mine" : this.status.get(id) ?? "free";
    button.className = `seat ${status}`;
    button.setAttribute("aria-pressed", String(this.selected.has(id)));
    const spoken = { free: "free", held: "held by someone else", sold: "sold", mine: "held by you" }[status] ?? status;
    const price = this.prices[button.dataset.type];
    button.setAttribute("aria-label", `Seat ${id}, ${button.dataset.type}${price ? ", " + money(price) : ""}, ${spoken}`);
  }

  move(event) {
    const steps = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const step = steps[event.key];
    if (!step) return;
    const current = event.target.closest("button.seat");
    if (!current) return;
    event.preventDefault();
    const row = this.grid.findIndex((seats) => seats.includes(current));
    const column = this.grid[row].indexOf(current);
    let [r, c] = [row + step[0], column + step[1]];
    while (r >= 0 && r < this.grid.length && this.grid[r].length === 0) r += step[0] || 1;
    if (r < 0 || r >= this.grid.length) return;
    c = Math.max(0, Math.min(c, this.grid[r].length - 1));
    const next = this.grid[r][c];
    current.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }
}
