#!/usr/bin/env bash
# An example client of the inteqra JSON API in bash and curl alone (no jq):
# it lists the courses, verifies a certificate, searches the registry, lists
# the partner's referrals waiting for an answer and accepts the first one,
# safely retryable (If-Match and an Idempotency-Key). See README.md here.
#
#   INTEQRA_URL            where inteqra runs (http://localhost:8080)
#   INTEQRA_TOKEN          a staff token with people:read (searches persons)
#   INTEQRA_PARTNER_TOKEN  a partner's token with referrals:write (default: INTEQRA_TOKEN)
#   INTEQRA_CERTIFICATE    a certificate code to verify (skipped when empty)
#   INTEQRA_SEARCH         what to search the registry for (default: Aliyev)
set -euo pipefail

url="${INTEQRA_URL:-http://localhost:8080}/api/v1"
token="${INTEQRA_TOKEN:?set INTEQRA_TOKEN to an API token (iqt_…)}"
partner="${INTEQRA_PARTNER_TOKEN:-$token}"
search="${INTEQRA_SEARCH:-Aliyev}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# call EXPECTED METHOD PATH [curl options…]: the body lands in $work/body,
# the headers in $work/headers; any other status than EXPECTED stops the
# script with the problem the API answered.
call() {
  local want=$1 method=$2 path=$3
  shift 3
  local status
  status=$(curl -sS -X "$method" -o "$work/body" -D "$work/headers" -w '%{http_code}' \
    -H 'Accept: application/json' -H 'Accept-Language: en' "$@" "$url$path")
  if [ "$status" != "$want" ]; then
    echo "$method $path: status $status, want $want" >&2
    cat "$work/body" >&2
    echo >&2
    exit 1
  fi
}

# field NAME: the first string or number value of NAME in the body.
field() {
  grep -o "\"$1\":\(\"[^\"]*\"\|[0-9-][0-9.]*\)" "$work/body" | head -n 1 | sed 's/^"[^"]*"://; s/^"//; s/"$//'
}

# header NAME: a header of the last answer, without its line end.
header() {
  grep -i "^$1:" "$work/headers" | head -n 1 | cut -d: -f2- | sed 's/^ *//' | tr -d '\r'
}

call 200 GET /courses
echo "courses: $(grep -o '"open_cohorts":' "$work/body" | wc -l | tr -d ' ')"

if [ -n "${INTEQRA_CERTIFICATE:-}" ]; then
  call 200 GET "/certificates/$INTEQRA_CERTIFICATE"
  echo "certificate $INTEQRA_CERTIFICATE: $(field state)"
fi

call 200 GET /persons -G --data-urlencode "q=$search" -H "Authorization: Bearer $token"
echo "persons matching $search: $(grep -o '"display_name":' "$work/body" | wc -l | tr -d ' ')"

call 200 GET '/referrals?state=sent' -H "Authorization: Bearer $partner"
id=$(field id)
if [ -z "$id" ]; then
  echo "no referral waits for an answer"
  exit 0
fi
echo "referral $id waits: $(field need)"

# Read it for its ETag, then accept it: If-Match refuses the answer if the
# referral changed in between (412), and the Idempotency-Key makes a retry
# after a lost answer safe: the API replays the first answer.
call 200 GET "/referrals/$id" -H "Authorization: Bearer $partner"
etag=$(header ETag)
key="example-$(date +%s)-$RANDOM"
for attempt in 1 2; do
  call 200 POST "/referrals/$id/accept" -H "Authorization: Bearer $partner" \
    -H "If-Match: $etag" -H "Idempotency-Key: $key"
  echo "accept, attempt $attempt: $(field state)$([ "$(header Idempotent-Replayed)" = true ] && echo ' (replayed)')"
done
