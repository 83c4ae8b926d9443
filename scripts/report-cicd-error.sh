#!/usr/bin/env bash
# Reports a failed CI/CD step to Log Center (the ingestion contract, source "cicd").
#
#   report-cicd-error.sh <project_id> <step_name> <error_message_or_log_file>
#
# The error type comes from the step name (DockerBuildError, NpmBuildError, TestFailure,
# LintError, else CICDFailure); job, workflow, run number, branch, actor, commit and run URL
# from the Gitea / GitHub Actions environment. Given a file, its last 100 lines are the
# stack trace, escaped correctly whatever they hold (quotes, backslashes, ANSI colours, CRLF,
# invalid UTF-8). Uses jq when it is there and plain awk when not. Gives up after 3 seconds
# and never fails the pipeline: it always exits 0.
#
# Environment: LOG_CENTER_URL (default http://localhost:8002), LOG_CENTER_LEVEL (ERROR),
# LOG_CENTER_ENVIRONMENT (default: the branch), LOG_CENTER_KEY (the project key, for a
# project that accepts reports only with one).

main() {
  local project_id=${1:-} step_name=${2:-} input=${3:-}
  if [ -z "$project_id" ] || [ -z "$step_name" ] || [ -z "$input" ]; then
    echo "usage: $0 <project_id> <step_name> <error_message_or_log_file>" >&2
    return 0
  fi
  local url=${LOG_CENTER_URL:-http://localhost:8002}
  url=${url%/}

  local error_type
  case "$(printf '%s' "$step_name" | tr '[:upper:]' '[:lower:]')" in
    *docker*) error_type=DockerBuildError ;;
    *npm* | *yarn* | *pnpm* | *node* | *frontend* | *webpack* | *vite*) error_type=NpmBuildError ;;
    *test* | *spec* | *pytest* | *jest*) error_type=TestFailure ;;
    *lint* | *eslint* | *flake8* | *ruff* | *prettier* | *format*) error_type=LintError ;;
    *) error_type=CICDFailure ;;
  esac

  local branch=${GITHUB_HEAD_REF:-${GITHUB_REF_NAME:-${GITEA_REF_NAME:-}}}
  local workflow=${GITHUB_WORKFLOW:-}
  local run_number=${GITHUB_RUN_NUMBER:-}
  local repository=${GITHUB_REPOSITORY:-}
  local server=${GITHUB_SERVER_URL:-}
  local run_url="" repo_url=""
  if [ -n "$server" ] && [ -n "$repository" ]; then
    repo_url="$server/$repository.git"
    # The contract: the run number (per repository), not the global run id.
    [ -n "$run_number" ] && run_url="$server/$repository/actions/runs/$run_number"
  fi

  local message log_file=""
  if [ -f "$input" ]; then
    log_file=$input
    message="[$step_name] ${workflow:-Pipeline} failed${branch:+ on branch $branch}"
  else
    message=$input
  fi

  local fields=(
    project_id "$project_id"
    environment "${LOG_CENTER_ENVIRONMENT:-${branch:-unknown}}"
    level "${LOG_CENTER_LEVEL:-ERROR}"
    commit_hash "${GITHUB_SHA:-}"
    repo_url "$repo_url"
    error_type "$error_type"
    message "$message"
    job_name "${GITHUB_JOB:-}"
    step_name "$step_name"
    workflow "$workflow"
    run_id "$run_number"
    branch "$branch"
    actor "${GITHUB_ACTOR:-}"
    commit "${GITHUB_SHA:-}"
    run_url "$run_url"
  )
  local payload
  if command -v jq >/dev/null 2>&1; then
    payload=$(payload_with_jq "$log_file" "${fields[@]}")
  else
    payload=$(payload_with_awk "$log_file" "${fields[@]}")
  fi

  local response key_header=()
  [ -n "${LOG_CENTER_KEY:-}" ] && key_header=(-H "X-Log-Center-Key: $LOG_CENTER_KEY")
  if ! response=$(printf '%s' "$payload" | curl -sS --connect-timeout 3 --max-time 3 -X POST "$url/api/v1/logs/report" \
    -H 'Content-Type: application/json' "${key_header[@]}" --data-binary @- 2>&1); then
    echo "report-cicd-error: could not reach Log Center at $url: $response" >&2
    return 0
  fi
  echo "report-cicd-error: $response"
}

# The last 100 lines of a log as valid UTF-8 text: NUL bytes dropped, invalid sequences removed.
log_tail() {
  tail -n 100 -- "$1" | tr -d '\000' | iconv -f UTF-8 -t UTF-8 -c 2>/dev/null
}

payload_with_jq() {
  local log_file=$1
  shift
  local args=() tail_file=""
  while [ $# -gt 0 ]; do
    args+=(--arg "$1" "$2")
    shift 2
  done
  local lines='[$message]'
  if [ -n "$log_file" ]; then
    tail_file=$(mktemp)
    log_tail "$log_file" >"$tail_file"
    args+=(--rawfile log "$tail_file")
    lines='(if $log == "" then [$message] else $log | sub("\n$"; "") | split("\n") | map(sub("\r$"; "")) end)'
  fi
  jq -n "${args[@]}" "
    def opt: if . == \"\" then null else . end;
    {
      project_id: \$project_id, environment: \$environment, level: \$level, source: \"cicd\",
      commit_hash: (\$commit_hash | opt), repo_url: (\$repo_url | opt),
      error: { type: \$error_type, message: \$message, stack_trace: $lines },
      context: {
        job_name: (\$job_name | opt), step_name: \$step_name, workflow: (\$workflow | opt),
        run_id: (\$run_id | opt), branch: (\$branch | opt), actor: (\$actor | opt),
        commit: (\$commit | opt), run_url: (\$run_url | opt)
      }
    }"
  if [ -n "$tail_file" ]; then rm -f "$tail_file"; fi
}

# JSON string escaping in awk, byte by byte (LC_ALL=C): quote, backslash and every control
# character; multi-byte UTF-8 passes through unchanged.
JSON_ESCAPE='
  BEGIN { for (i = 1; i < 32; i++) esc[sprintf("%c", i)] = sprintf("\\u%04x", i)
          esc["\""] = "\\\""; esc["\\"] = "\\\\"; esc["\t"] = "\\t" }
  { out = ""; n = length($0)
    for (i = 1; i <= n; i++) { c = substr($0, i, 1); out = out ((c in esc) ? esc[c] : c) }
    lines[NR] = out }
  END { if (mode == "array") { printf "["; for (i = 1; i <= NR; i++) printf "%s\"%s\"", (i > 1 ? "," : ""), lines[i]; printf "]" }
        else { printf "\""; for (i = 1; i <= NR; i++) printf "%s%s", (i > 1 ? "\\n" : ""), lines[i]; printf "\"" } }'

json_string() {
  printf '%s' "$1" | tr -d '\000' | iconv -f UTF-8 -t UTF-8 -c 2>/dev/null | LC_ALL=C awk -v mode=string "$JSON_ESCAPE"
}

json_or_null() {
  if [ -z "$1" ]; then printf 'null'; else json_string "$1"; fi
}

payload_with_awk() {
  local log_file=$1
  shift
  declare -A f
  while [ $# -gt 0 ]; do
    f[$1]=$2
    shift 2
  done
  local stack
  if [ -n "$log_file" ]; then
    # CR before LF goes with the line break; awk then escapes any other control byte.
    stack=$(log_tail "$log_file" | sed 's/\r$//' | LC_ALL=C awk -v mode=array "$JSON_ESCAPE")
    [ "$stack" = "[]" ] && stack="[$(json_string "${f[message]}")]"
  else
    stack="[$(json_string "${f[message]}")]"
  fi
  printf '{"project_id":%s,"environment":%s,"level":%s,"source":"cicd","commit_hash":%s,"repo_url":%s,' \
    "$(json_string "${f[project_id]}")" "$(json_string "${f[environment]}")" "$(json_string "${f[level]}")" \
    "$(json_or_null "${f[commit_hash]}")" "$(json_or_null "${f[repo_url]}")"
  printf '"error":{"type":%s,"message":%s,"stack_trace":%s},' \
    "$(json_string "${f[error_type]}")" "$(json_string "${f[message]}")" "$stack"
  printf '"context":{"job_name":%s,"step_name":%s,"workflow":%s,"run_id":%s,"branch":%s,"actor":%s,"commit":%s,"run_url":%s}}' \
    "$(json_or_null "${f[job_name]}")" "$(json_string "${f[step_name]}")" "$(json_or_null "${f[workflow]}")" \
    "$(json_or_null "${f[run_id]}")" "$(json_or_null "${f[branch]}")" "$(json_or_null "${f[actor]}")" \
    "$(json_or_null "${f[commit]}")" "$(json_or_null "${f[run_url]}")"
}

main "$@" || true
exit 0
