import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";

// Serves one PGlite database to many Postgres clients over the wire protocol.
//
// PGlite is a single Postgres session, so client connections must take turns. The turn is a whole
// protocol exchange — everything up to a Sync ('S') or a simple Query ('Q') — never a single message:
// interleaving one client's Parse/Bind/Execute with another's corrupts both (the unnamed prepared
// statement is shared). While a transaction is open, only the connection that opened it is served, so
// transactions stay isolated; a connection that holds a transaction idle for too long is cut off and
// its transaction rolled back, so one stuck client cannot stall the app.
//
// (@electric-sql/pglite-socket 0.2 queues single messages and mixes concurrent clients' exchanges,
// which this server exists to avoid.)

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

interface Unit {
  connection: Connection;
  messages: Uint8Array[];
}

interface Connection {
  id: number;
  socket: net.Socket;
  buffer: Buffer;
  started: boolean;
  pending: Uint8Array[];
  closed: boolean;
}

export interface WireServerOptions {
  host?: string;
  port: number;
  maxConnections?: number;
  /** A connection that keeps a transaction open without sending anything for this long is closed. */
  transactionIdleTimeoutMs?: number;
}

export class PGliteWireServer {
  private server: net.Server | null = null;
  private readonly connections = new Set<Connection>();
  private readonly queue: Unit[] = [];
  private processing = false;
  private rollbackPending = false;
  private transactionOwner: Connection | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;

  constructor(
    private readonly db: PGlite,
    private readonly options: WireServerOptions,
  ) {}

  /** Starts listening; resolves with the bound port. */
  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.accept(socket));
      server.maxConnections = this.options.maxConnections ?? 100;
      server.once("error", reject);
      server.listen(this.options.port, this.options.host ?? "127.0.0.1", () => {
        server.off("error", reject);
        this.server = server;
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : this.options.port);
      });
    });
  }

  async stop(): Promise<void> {
    for (const connection of this.connections) connection.socket.destroy();
    this.connections.clear();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    // Let an exchange in progress finish before the database closes.
    while (this.processing) await new Promise((r) => setTimeout(r, 10));
  }

  private accept(socket: net.Socket) {
    socket.setNoDelay(true);
    const connection: Connection = {
      id: this.nextId++,
      socket,
      buffer: Buffer.alloc(0),
      started: false,
      pending: [],
      closed: false,
    };
    this.connections.add(connection);
    socket.on("data", (chunk) => this.receive(connection, chunk));
    socket.on("error", () => this.close(connection));
    socket.on("close", () => this.close(connection));
  }

  private receive(connection: Connection, chunk: Buffer) {
    connection.buffer = connection.buffer.length ? Buffer.concat([connection.buffer, chunk]) : chunk;
    if (connection === this.transactionOwner) this.armIdleTimer();
    for (;;) {
      const buffer = connection.buffer;
      if (!connection.started) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        const message = buffer.subarray(0, length);
        connection.buffer = buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          connection.socket.write("N");
          continue;
        }
        if (code === CANCEL_REQUEST) {
          connection.socket.destroy();
          return;
        }
        if (code !== PROTOCOL_3) {
          connection.socket.destroy();
          return;
        }
        connection.started = true;
        this.enqueue({ connection, messages: [new Uint8Array(message)] });
        continue;
      }
      if (buffer.length < 5) return;
      const length = 1 + buffer.readInt32BE(1);
      if (buffer.length < length) return;
      const type = buffer[0];
      const message = new Uint8Array(buffer.subarray(0, length));
      connection.buffer = buffer.subarray(length);
      if (type === 0x58 /* X: Terminate */) {
        connection.socket.end();
        return;
      }
      connection.pending.push(message);
      if (type === 0x53 /* S: Sync */ || type === 0x51 /* Q: Query */) {
        this.enqueue({ connection, messages: connection.pending });
        connection.pending = [];
      }
    }
  }

  private enqueue(unit: Unit) {
    this.queue.push(unit);
    void this.process();
  }

  private nextUnit(): Unit | undefined {
    if (this.transactionOwner) {
      const index = this.queue.findIndex((u) => u.connection === this.transactionOwner);
      return index === -1 ? undefined : this.queue.splice(index, 1)[0];
    }
    return this.queue.shift();
  }

  private async process() {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        if (this.rollbackPending) {
          this.rollbackPending = false;
          if (this.db.isInTransaction()) {
            await this.db.exec("ROLLBACK").catch(() => {});
          }
        }
        const unit = this.nextUnit();
        if (!unit) break;
        if (unit.connection.closed) continue;
        const { socket } = unit.connection;
        try {
          await this.db.runExclusive(async () => {
            for (const message of unit.messages) {
              await this.db.execProtocolRawStream(message, {
                onRawData: (data) => {
                  if (!socket.destroyed) socket.write(data);
                },
              });
            }
          });
        } catch {
          socket.destroy();
          this.close(unit.connection);
          continue;
        }
        if (this.db.isInTransaction()) {
          if (unit.connection.closed) {
            this.rollbackPending = true;
          } else {
            this.transactionOwner = unit.connection;
            this.armIdleTimer();
          }
        } else if (this.transactionOwner === unit.connection) {
          this.transactionOwner = null;
          this.clearIdleTimer();
        }
      }
    } finally {
      this.processing = false;
    }
  }

  private armIdleTimer() {
    this.clearIdleTimer();
    const timeout = this.options.transactionIdleTimeoutMs ?? 30_000;
    const owner = this.transactionOwner;
    if (!owner) return;
    this.idleTimer = setTimeout(() => {
      if (this.transactionOwner === owner) owner.socket.destroy();
    }, timeout);
    this.idleTimer.unref();
  }

  private clearIdleTimer() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private close(connection: Connection) {
    if (connection.closed) return;
    connection.closed = true;
    this.connections.delete(connection);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].connection === connection) this.queue.splice(i, 1);
    }
    this.releaseTransaction(connection);
  }

  /** Rolls back a transaction left open by a connection that went away, then serves the others. */
  private releaseTransaction(connection: Connection) {
    if (this.transactionOwner !== connection) return;
    this.transactionOwner = null;
    this.clearIdleTimer();
    this.rollbackPending = true;
    void this.process();
  }
}
