/**
 * Watching a process from the outside for network use, with no tools and no
 * help from the process: on Linux, /proc lists the sockets each process holds
 * (its fds that link to socket:[inode]) and the kernel's socket tables give
 * each socket's peer. Polled often during a test, this sees every connection
 * the process tree keeps open for longer than a poll. An strace log, where
 * strace may run, adds every connect/sendto/sendmsg however short-lived.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { isIP } from 'node:net';

export interface SocketPeer {
  /** tcp, tcp6, udp, udp6 */
  proto: string;
  address: string;
  port: number;
  /** This end's port (a server socket's is the port it listens on). */
  localPort: number;
  /** The kernel's TCP state (ESTABLISHED, SYN_SENT…); UDP sockets report ESTABLISHED once connected. */
  state: string;
  /** The process holding it. */
  pid: number;
}

const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
};

export const procAvailable = (): boolean => process.platform === 'linux' && existsSync('/proc/self/net/tcp');

/** The process and all its descendants (threads' children included). */
export function processTree(root: number): number[] {
  const seen = new Set<number>();
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // gone
    }
    for (const tid of tasks) {
      try {
        const children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (children) queue.push(...children.split(/\s+/).map(Number));
      } catch {
        // the thread ended
      }
    }
  }
  return [...seen];
}

/** Socket inodes held by a process. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** "0100007F:1F90" -> 127.0.0.1:8080; IPv6 as four little-endian words. */
export function decodeProcAddress(hex: string): { address: string; port: number } {
  const [host = '', port = '0'] = hex.split(':');
  if (host.length === 8) {
    const bytes = Buffer.from(host, 'hex');
    return { address: [...bytes].reverse().join('.'), port: parseInt(port, 16) };
  }
  const words = host.match(/.{8}/g) ?? [];
  const bytes = Buffer.concat(words.map((w) => Buffer.from(w, 'hex').reverse()));
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return { address: compressV6(groups.join(':')), port: parseInt(port, 16) };
}

function compressV6(full: string): string {
  // Longest run of zero groups becomes "::".
  const groups = full.split(':');
  let best = { start: -1, length: 0 };
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

/** The peers of every inet socket a process tree holds now (listening and unconnected sockets have none). */
export function socketPeers(root: number): SocketPeer[] {
  const owners = new Map<string, number>();
  for (const pid of processTree(root)) for (const inode of socketInodes(pid)) owners.set(inode, pid);
  const peers: SocketPeer[] = [];
  for (const proto of ['tcp', 'tcp6', 'udp', 'udp6']) {
    let table: string;
    try {
      table = readFileSync(`/proc/${root}/net/${proto}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of table.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const pid = owners.get(cols[9]!);
      if (pid === undefined) continue;
      const remote = decodeProcAddress(cols[2]!);
      if (remote.port === 0 && (remote.address === '0.0.0.0' || remote.address === '::')) continue;
      const localPort = decodeProcAddress(cols[1]!).port;
      peers.push({ proto, ...remote, localPort, state: TCP_STATES[cols[3]!] ?? cols[3]!, pid });
    }
  }
  return peers;
}

/** Polls socketPeers until stopped; `seen` holds each distinct peer once. */
export class SocketWatcher {
  readonly seen = new Map<string, SocketPeer>();
  polls = 0;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly root: number,
    private readonly intervalMs = 20,
  ) {}

  start(): this {
    this.poll();
    this.#timer = setInterval(() => this.poll(), this.intervalMs);
    return this;
  }

  stop(): SocketPeer[] {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.poll();
    return [...this.seen.values()];
  }

  poll(): void {
    this.polls += 1;
    for (const peer of socketPeers(this.root)) {
      this.seen.set(`${peer.proto} ${peer.localPort} ${peer.address} ${peer.port} ${peer.state}`, peer);
    }
  }
}

export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase();
  if (isIP(a) === 4) return a.startsWith('127.');
  return a === '::1' || a.startsWith('::ffff:127.') || /^::ffff:7f[0-9a-f]{2}:/.test(a);
}

export interface TracedPeer {
  family: 'AF_INET' | 'AF_INET6';
  address: string;
  port: number;
  /** The strace line, for the failure message. */
  line: string;
}

/**
 * The inet peers named in an strace log of connect/sendto/sendmsg: every
 * attempt to reach an address, failed or not. Unix, netlink and unspecified
 * (AF_UNSPEC, used to disconnect) addresses name no other computer.
 */
export function tracedPeers(log: string): TracedPeer[] {
  const peers: TracedPeer[] = [];
  for (const line of log.split('\n')) {
    const v4 = /sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)/.exec(line);
    if (v4) {
      peers.push({ family: 'AF_INET', address: v4[2]!, port: Number(v4[1]), line });
      continue;
    }
    const v6 = /sa_family=AF_INET6, sin6_port=htons\((\d+)\),.*?inet_pton\(AF_INET6, "([^"]+)"/.exec(line);
    if (v6) peers.push({ family: 'AF_INET6', address: v6[2]!, port: Number(v6[1]), line });
    else if (/sa_family=AF_INET6?[,}]/.test(line)) {
      // An inet address strace printed in a form not parsed above: report it rather than miss it.
      peers.push({ family: 'AF_INET', address: 'unparsed', port: 0, line });
    }
  }
  return peers;
}
