// A show's live room over /ws: joins with the last position seen, so a reconnect receives exactly what it missed;
// on `resync` (it missed more than the room remembers) the page reloads what it shows. `join` is the room: the seat
// map's (`join`) or the show's chat (`join-chat`, which the session cookie of the upgrade admits).
export class LiveRoom {
  constructor(eventId, after, { onMessage, onResync, onState, join = "join" }) {
    Object.assign(this, { eventId, after, onMessage, onResync, join, onState: onState ?? (() => {}) });
    this.delay = 250;
    this.closed = false;
    this.connect();
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws`);
    this.socket = socket;
    socket.onopen = () => {
      this.delay = 250;
      socket.send(JSON.stringify({ type: this.join, eventId: this.eventId, after: this.after }));
      this.onState("live");
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "resync") {
        this.after = message.position;
        this.onResync(message);
        return;
      }
      if (typeof message.position === "number") this.after = Math.max(this.after, message.position);
      this.onMessage(message);
    };
    socket.onclose = () => {
      if (this.closed) return;
      this.onState("reconnecting");
      setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 5000);
    };
  }

  close() {
    this.closed = true;
    this.socket?.close();
  }
}
