#!/bin/sh
# An idle agent stand-in for benchmark lanes: a prompt, then it blocks reading its tty and acks
# each submitted line. (Benchmarks only: as a shell script it reads as a bare shell to the
# classifier, which is irrelevant to timing. Tests use the Node fakes in test/fixtures/bin/.)
printf 'bench-agent ready\n'
while :; do
  printf '❯ '
  IFS= read -r line || { while :; do sleep 3600; done; }
  [ -n "$line" ] && printf 'ack: %.40s\n' "$line"
done
