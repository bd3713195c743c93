"""Reference for `bench/run.sh smtp`: Python's smtplib sending N copies of one message on one connection.

Usage: python3 smtplib_send.py HOST PORT COUNT MESSAGE_FILE FROM TO
Prints one line: `sent COUNT seconds S cpu C` (wall time and this process's CPU time of the sends, connection
set up and EHLO before the clock starts, as the C# side's connection is open before it is timed).
"""
import smtplib
import sys
import time


def main():
    host, port, count, path, sender, recipient = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
    with open(path, "rb") as f:
        message = f.read()
    with smtplib.SMTP(host, port, timeout=60) as smtp:
        smtp.ehlo()
        cpu, start = time.process_time(), time.perf_counter()
        for _ in range(count):
            smtp.sendmail(sender, [recipient], message)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"sent {count} seconds {seconds:.6f} cpu {cpu:.6f}", flush=True)


if __name__ == "__main__":
    main()
