#!/usr/bin/env python3
"""Records real redis-server replies as seeds for the RESP decoder fuzzer.

Starts redis-server on a free loopback port, sends each command below under RESP2 and RESP3 and
writes the raw bytes of every reply to seeds/. Run it again when the server changes; the seeds are
committed so that fuzzing needs no server.

It also writes synthetic seeds (seeds/synthetic-*), long and deeply nested streams no command
makes, so that the fuzzer starts from inputs that reach the decoder's limits (those of
Fuzz/Sources/fred-fuzz-resp: depth 16, 1024 elements, 4096-byte blobs, 256-byte lines).
`make-seeds.py --synthetic-only` writes just those, without a server.
"""
import os, socket, subprocess, sys, tempfile, time

COMMANDS = [
    ["PING"], ["SET", "k", "v"], ["GET", "k"], ["GET", "missing"], ["INCR", "n"],
    ["INCRBYFLOAT", "f", "1.5"], ["RPUSH", "l", "a", "b", "c"], ["LRANGE", "l", "0", "-1"],
    ["HSET", "h", "f1", "v1", "f2", "v2"], ["HGETALL", "h"], ["SADD", "s", "x", "y"], ["SMEMBERS", "s"],
    ["ZADD", "z", "1.5", "a", "2", "b"], ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["ZSCORE", "z", "a"],
    ["XADD", "x", "1-1", "f", "v"], ["XRANGE", "x", "-", "+"], ["XINFO", "STREAM", "x"],
    ["LPUSH", "k", "wrong"], ["NOSUCHCOMMAND"], ["EXISTS", "k", "missing"], ["MGET", "k", "missing"],
    ["CLIENT", "LIST"], ["CLIENT", "INFO"], ["INFO", "server"], ["CONFIG", "GET", "maxmemory*"],
    ["COMMAND", "INFO", "GET", "SET"], ["COMMAND", "DOCS", "GET"], ["SCAN", "0"],
    ["DEBUG", "PROTOCOL", "string"], ["DEBUG", "PROTOCOL", "integer"], ["DEBUG", "PROTOCOL", "double"],
    ["DEBUG", "PROTOCOL", "bignum"], ["DEBUG", "PROTOCOL", "null"], ["DEBUG", "PROTOCOL", "array"],
    ["DEBUG", "PROTOCOL", "set"], ["DEBUG", "PROTOCOL", "map"], ["DEBUG", "PROTOCOL", "attrib"],
    ["DEBUG", "PROTOCOL", "push"], ["DEBUG", "PROTOCOL", "verbatim"], ["DEBUG", "PROTOCOL", "true"],
    ["DEBUG", "PROTOCOL", "false"], ["SUBSCRIBE", "news"],
]

def encode(words):
    out = b"*%d\r\n" % len(words)
    for word in words:
        data = word.encode()
        out += b"$%d\r\n%s\r\n" % (len(data), data)
    return out

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

def synthetic():
    """Long and deep streams, named for what they hold."""
    mixed = (b"%2\r\n+a\r\n*2\r\n:1\r\n|1\r\n+ttl\r\n:3\r\n,1.5\r\n$1\r\nb\r\n~2\r\n(-123456789012345678901234567890\r\n"
             b"=8\r\ntxt:some\r\n>3\r\n+message\r\n$4\r\nnews\r\n!3\r\nERR\r\n*3\r\n$-1\r\n*-1\r\n_\r\n#t\r\n,-inf\r\n")
    return {
        "synthetic-attribute-run-within-limit": b"|1\r\n+a\r\n+b\r\n" * 15 + b"|0\r\n:1\r\n",
        "synthetic-attribute-run-beyond-limit": b"|0\r\n" * 40 + b":1\r\n",
        "synthetic-nested-attributes": b"|1\r\n" * 15 + b"+a\r\n+b\r\n" * 15 + b":5\r\n",
        "synthetic-attribute-holding-aggregates": b"|1\r\n+k\r\n" + b"*1\r\n" * 14 + b"%1\r\n:1\r\n:2\r\n+v\r\n",
        "synthetic-deep-arrays": b"*1\r\n" * 16 + b":1\r\n" + b"*1\r\n" * 40 + b":1\r\n",
        "synthetic-deep-maps": b"%1\r\n:1\r\n" * 15 + b"_\r\n",
        "synthetic-long-array": b"*1000\r\n" + b"".join(b"$10\r\n0123456789\r\n" if i % 2 else b":%d\r\n" % i for i in range(1000)),
        "synthetic-big-bulk-then-small": b"$4000\r\n" + b"x" * 4000 + b"\r\n" + b"+OK\r\n" * 100,
        "synthetic-mixed-resp3": mixed,
        "synthetic-long-stream": mixed * 640 + b"*2\r\n$3\r\nend\r\n:1\r\n",
    }

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    seeds = os.path.join(here, "seeds")
    os.makedirs(seeds, exist_ok=True)
    for name, data in synthetic().items():
        open(os.path.join(seeds, name), "wb").write(data)
    if "--synthetic-only" in sys.argv[1:]:
        return
    port = free_port()
    workdir = tempfile.mkdtemp()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--dir", workdir, "--enable-debug-command", "local"],
                              stdout=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        for version in (2, 3):
            with socket.create_connection(("127.0.0.1", port)) as connection:
                connection.sendall(encode(["HELLO", str(version)]))
                time.sleep(0.05)
                hello = connection.recv(1 << 20)
                open(os.path.join(seeds, "resp%d-hello" % version), "wb").write(hello)
                for index, words in enumerate(COMMANDS):
                    connection.sendall(encode(words))
                    time.sleep(0.02)
                    reply = connection.recv(1 << 20)
                    name = "resp%d-%02d-%s" % (version, index, "-".join(words[:3]).lower().replace("*", ""))
                    open(os.path.join(seeds, name), "wb").write(reply)
    finally:
        server.kill()

main()
