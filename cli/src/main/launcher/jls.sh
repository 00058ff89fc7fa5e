#!/bin/sh
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto $JAVA_OPTS -jar "$0" "$@"
