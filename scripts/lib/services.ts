import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import mysql from "mysql2/promise";
import { Redis } from "ioredis";
import { connectRedis, redisTarget } from "../../lib/redis";
import type { Config } from "../../lib/config";
import { splitDatabaseUrl } from "../../lib/db/migrate";
import { StartupError, say, sleep } from "./log";

const PROBE_TIMEOUT_MS = 3000;
const START_WAIT_MS = 20_000;

type Service = {
  name: string;
  host: string;
  port: number;
  /** A real round trip (SELECT 1 / PING); throws when the server is down or refuses us. */
  ping: () => Promise<void>;
  /** Commands that may start a local server, tried in order; empty when it is not installed. */
  startCommands: () => string[][];
};

function isLocalHost(host: string): boolean {
  return ["localhost", "127.0.0.1", "::1", "[::1]"].includes(host);
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ""), port, timeout: PROBE_TIMEOUT_MS });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(false));
    socket.once("error", () => done(false));
  });
}

async function pingMysql(url: string): Promise<void> {
  // The server URL without the database: it may not exist yet (migrateDatabase creates it).
  const conn = await mysql.createConnection({ uri: splitDatabaseUrl(url).serverUrl, connectTimeout: PROBE_TIMEOUT_MS });
  try {
    await conn.query("SELECT 1");
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

async function pingRedis(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

function mariadbStartCommands(port: number): string[][] {
  const daemon = ["/usr/sbin/mariadbd", "/usr/sbin/mysqld"].find((p) => fs.existsSync(p));
  const commands: string[][] = [];
  if (daemon && onPath("start-stop-daemon")) {
    prepareMysqldRunDir();
    // --user: mariadbd refuses to run as root; Debian's my.cnf says the same, other setups may not.
    const asRoot = process.getuid?.() === 0 ? ["--user=mysql"] : [];
    commands.push(["start-stop-daemon", "--start", "--oknodo", "--background", "--exec", daemon, "--", ...asRoot, `--port=${port}`]);
  }
  if (onPath("mysqld_safe")) commands.push(["sh", "-c", "mysqld_safe >/dev/null 2>&1 &"]);
  if (daemon && onPath("service")) commands.push(["service", "mariadb", "start"], ["service", "mysql", "start"]);
  if (onPath("brew") && !daemon) commands.push(["brew", "services", "start", "mariadb"]);
  return commands;
}

/** The socket and pid directory Debian's init script would create; it lives on a tmpfs. */
function prepareMysqldRunDir(): void {
  const dir = "/run/mysqld";
  if (fs.existsSync(dir) || process.getuid?.() !== 0) return;
  fs.mkdirSync(dir, { recursive: true });
  spawnSync("chown", ["mysql:mysql", dir], { stdio: "ignore" });
}

function redisStartCommands(port: number): string[][] {
  const commands: string[][] = [];
  if (onPath("redis-server")) {
    commands.push(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", String(port), "--save", ""]);
  } else if (onPath("brew")) {
    commands.push(["brew", "services", "start", "redis"]);
  }
  return commands;
}

function services(cfg: Config): Service[] {
  const db = new URL(cfg.DATABASE_URL);
  const rd = new URL(cfg.REDIS_URL);
  const dbPort = Number(db.port || 3306);
  const redisPort = Number(rd.port || 6379);
  return [
    {
      name: "MySQL",
      host: db.hostname,
      port: dbPort,
      ping: () => pingMysql(cfg.DATABASE_URL),
      startCommands: () => mariadbStartCommands(dbPort),
    },
    cfg.REDIS_CLUSTER_NODES ? redisClusterService(cfg) : {
      name: "Redis",
      host: rd.hostname,
      port: redisPort,
      ping: () => pingRedis(cfg.REDIS_URL),
      startCommands: () => redisStartCommands(redisPort),
    },
  ];
}

/** A Redis Cluster is the operator's to run: checked (every slot served), never started. */
function redisClusterService(cfg: Config): Service {
  const target = redisTarget(cfg);
  const first = target.kind === "cluster" ? target.nodes[0] : undefined;
  return {
    name: "Redis Cluster",
    host: typeof first === "object" ? (first.host ?? "127.0.0.1") : "127.0.0.1",
    port: typeof first === "object" ? Number(first.port ?? 6379) : 6379,
    ping: async () => {
      const client = connectRedis({ lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: PROBE_TIMEOUT_MS }, target);
      client.on("error", () => {});
      try {
        await client.connect();
        const info = String(await client.call("CLUSTER", "INFO"));
        if (!/cluster_state:ok/.test(info)) throw new Error("the cluster does not serve every slot (cluster_state is not ok)");
      } finally {
        client.disconnect();
      }
    },
    startCommands: () => [],
  };
}

function sudo(): string {
  return process.getuid?.() === 0 ? "" : "sudo ";
}

function installHint(): string {
  return [
    "Install MariaDB and Redis, then run npm start again:",
    `  Debian/Ubuntu: ${sudo()}apt-get install -y mariadb-server redis-server`,
    "  macOS:         brew install mariadb redis && brew services start mariadb && brew services start redis",
    "Or point DATABASE_URL / REDIS_URL in .env at servers you already run.",
  ].join("\n");
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** Reachable and answering: null. Otherwise why not, and whether the port is even open. */
async function probe(service: Service): Promise<{ error: string; portOpen: boolean } | null> {
  const portOpen = await tcpOpen(service.host, service.port);
  if (!portOpen) return { error: "connection refused or timed out", portOpen };
  try {
    await service.ping();
    return null;
  } catch (error) {
    return { error: describe(error), portOpen };
  }
}

async function waitUntilUp(service: Service): Promise<boolean> {
  const deadline = Date.now() + START_WAIT_MS;
  while (Date.now() < deadline) {
    if ((await probe(service)) === null) return true;
    await sleep(500);
  }
  return false;
}

function runStartCommand(command: string[]): boolean {
  const [file, ...args] = command as [string, ...string[]];
  const result = spawnSync(file, args, { stdio: "ignore", timeout: 30_000 });
  return result.status === 0;
}

async function startLocally(service: Service): Promise<void> {
  const commands = service.startCommands();
  const where = `${service.host}:${service.port}`;
  if (commands.length === 0) {
    throw new StartupError(`${service.name} is not reachable at ${where} and is not installed here.\n${installHint()}`);
  }
  for (const command of commands) {
    say(`${service.name} is not running at ${where}; starting it: ${command.map((a) => (a === "" ? '""' : a)).join(" ")}`);
    if (!runStartCommand(command)) continue;
    if (await waitUntilUp(service)) {
      say(`${service.name} is up`);
      return;
    }
  }
  throw new StartupError(
    `${service.name} did not come up at ${where} within ${START_WAIT_MS / 1000} s. ` +
      (service.name === "MySQL" ? "See /var/log/mysql/error.log or journalctl -u mariadb." : "Run redis-server by hand to see why."),
  );
}

function accessHint(service: Service, error: string): string {
  if (service.name !== "MySQL" || !/access denied/i.test(error)) return "";
  return (
    "\nMariaDB answered but refused the login in DATABASE_URL. For a local root login without a password:\n" +
    `  ${sudo()}mariadb -e "CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION"\n` +
    "or create a dedicated user and put it in DATABASE_URL."
  );
}

async function ensureService(service: Service): Promise<void> {
  const problem = await probe(service);
  if (!problem) return;
  const where = `${service.host}:${service.port}`;
  // A server that answers but refuses us is a configuration problem; starting another won't help.
  if (problem.portOpen) {
    throw new StartupError(`${service.name} at ${where} is not usable: ${problem.error}${accessHint(service, problem.error)}`);
  }
  if (!isLocalHost(service.host)) {
    throw new StartupError(`${service.name} is not reachable at ${where} (${problem.error}). Start it or fix the URL in .env.`);
  }
  await startLocally(service);
}

/** MySQL and Redis must answer before anything else; local ones that are installed but stopped get started. */
export async function ensureServices(cfg: Config): Promise<void> {
  for (const service of services(cfg)) await ensureService(service);
}
