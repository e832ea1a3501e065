#!/usr/bin/env python3
"""A minimal LDAPv3 responder for the fetcher tests (Python stdlib only).

Binds on 127.0.0.1 only and prints the port it listens on as the first line
of stdout. A bind succeeds (anonymous or not); every search answers one
entry whose DN is the search base and which holds ATTR with the bytes of
VALUE_FILE as its single value, then searchResDone; unbind closes the
connection. The BER is written by hand: just what libcurl's LDAP client sends
and reads.

usage: ldap_server.py --port 0 --lifetime SECONDS --attr NAME --value-file PATH
"""
import argparse
import os
import socket
import socketserver
import sys
import threading


def ber_len(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, content):
    return bytes([tag]) + ber_len(len(content)) + content


def integer(n):
    return tlv(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True))


def octets(b):
    return tlv(0x04, b)


def result(tag, code=0):
    return tlv(tag, tlv(0x0A, bytes([code])) + octets(b"") + octets(b""))


def read_tlv(data, pos):
    """(tag, content, next position) of the element at pos, or None when incomplete."""
    if pos + 2 > len(data):
        return None
    tag = data[pos]
    first = data[pos + 1]
    pos += 2
    if first & 0x80:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise ValueError("unsupported BER length")
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    else:
        length = first
    if pos + length > len(data):
        return None
    return tag, data[pos:pos + length], pos + length


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        cfg = self.server.cfg
        data = b""
        self.request.settimeout(30)
        while True:
            element = None
            try:
                element = read_tlv(data, 0)
            except ValueError:
                return
            if element is None:
                try:
                    chunk = self.request.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                data += chunk
                continue
            _, message, end = element
            data = data[end:]
            _, msgid_bytes, pos = read_tlv(message, 0)
            msgid = int.from_bytes(msgid_bytes, "big")
            op_tag, op, _ = read_tlv(message, pos)
            reply = b""
            if op_tag == 0x60:  # bindRequest
                reply = tlv(0x30, integer(msgid) + result(0x61))
            elif op_tag == 0x63:  # searchRequest: baseObject first
                _, base, _ = read_tlv(op, 0)
                attribute = tlv(0x30, octets(cfg.attr.encode()) + tlv(0x31, octets(cfg.value)))
                entry = tlv(0x64, octets(base) + tlv(0x30, attribute))
                reply = tlv(0x30, integer(msgid) + entry) + tlv(0x30, integer(msgid) + result(0x65))
            elif op_tag == 0x42:  # unbindRequest
                return
            if reply:
                self.request.sendall(reply)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--lifetime", type=float, required=True, help="seconds before the server exits")
    ap.add_argument("--attr", required=True)
    ap.add_argument("--value-file", required=True)
    args = ap.parse_args()
    with open(args.value_file, "rb") as f:
        args.value = f.read()
    server = Server(("127.0.0.1", args.port), Handler)
    server.cfg = args
    print(server.server_address[1], flush=True)
    # The hard limit: whatever the test does, the server does not outlive it by much.
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
