// The help of tkc and of each command: `tkc --help`, `tkc <command> --help`, and the usage
// printed (on stderr) with a usage error.

export const MAIN_HELP = `tkc: the command line of Token Console, speaking its public /v2 API.

Usage: tkc <command> [options]

Commands:
  login                     Store the console's URL and a token (checked first)
  logout                    Remove the stored URL and token
  whoami                    Show the token in use: its name, permissions, expiry
  tokens list               List the account's tokens
  tokens create --name N    Create a token; prints its secret alone on stdout
  tokens roll <id>          Give a token a new secret; prints it alone on stdout
  tokens narrow <id> --permissions a:read,...
                            Take permissions away from a token
  tokens delete <id>        Delete a token
  verify <token|->          Is a token active? (introspection: needs tokens:introspect)
  scan <path>...            Find Token Console tokens in files (--revoke reports them)

Options for every command:
  --json                    Print the API's JSON answer (for scripts) instead of text
  -h, --help                Show the help of tkc or of a command

Credentials: \`tkc login\` writes $XDG_CONFIG_HOME/tkc/config.json (~/.config/tkc/config.json),
readable by you alone; TKC_URL and TKC_TOKEN, when set, are used instead of what it holds.

Exit codes: 0 done; 1 refused (the console said no or failed, could not be reached, a verified
token is inactive, a scan found tokens); 2 usage (unknown command or option, a missing
argument, not logged in). Errors go to stderr and never hold a secret.`;

export const HELP: Record<string, string> = {
  login: `Usage: tkc login [--url <console URL>]

Asks for the console's URL (unless --url gives it) and a token, checks the token against the
console (GET /v2/api/self), then stores both in $XDG_CONFIG_HOME/tkc/config.json
(~/.config/tkc/config.json): the folder is made 0700, the file 0600.

The token is read without echo from a terminal, or from stdin when it is piped, so it needs not
be on the command line nor in your shell's history:
  tkc login --url https://console.example.com
  printf '%s\\n' "$TOKEN" | tkc login --url https://console.example.com

Options:
  --url <url>   The console's address (https://console.example.com; a trailing /v2 is fine)
  --json        Print the token's description as JSON once logged in`,
  logout: `Usage: tkc logout

Removes the stored URL and token ($XDG_CONFIG_HOME/tkc/config.json). TKC_URL and TKC_TOKEN, if
set in the environment, are not touched.`,
  whoami: `Usage: tkc whoami [--json]

Describes the token tkc calls with (GET /v2/api/self): its id, name, scope, permissions,
display prefix, expiry and state, and the console's URL. Any valid token may ask.`,
  tokens: `Usage: tkc tokens <list|create|roll|narrow|delete> [options]

  tokens list                          The account's tokens (api_keys:read)
  tokens create --name <name> [...]    A new token; its secret alone on stdout (api_keys:write)
  tokens roll <id> [--grace-seconds S] A new secret for a token, alone on stdout (api_keys:write)
  tokens narrow <id> --permissions ... Keep only these permissions (api_keys:write)
  tokens delete <id>                   Delete a token (api_keys:write)

Run \`tkc tokens <command> --help\` for each one's options.`,
  "tokens list": `Usage: tkc tokens list [--json]

Lists the account's tokens, oldest first: id, name, scope, display prefix, state, expiry and
last use. --json prints the API's answer (GET /v2/api). Needs api_keys:read.`,
  "tokens create": `Usage: tkc tokens create --name <name> [--read-only | --write | --permissions <list>]
                         [--expires-in-days <days>] [--description <text>]
                         [--allowed-ip <address or range>]... [--json]

Creates a token (POST /v2/api/generate) and prints its secret alone on stdout, followed by a
newline, so that a script can take it:  TOKEN="$(tkc tokens create --name ci --read-only)"
Everything else (what was made) goes to stderr. The secret is shown this once only.

Options:
  --name <name>             Its name (required)
  --read-only               Read every resource (the default)
  --write                   Read and write every resource
  --permissions <list>      Exactly these, comma-separated: dns:read,account:write,...
  --expires-in-days <days>  It stops working after that many days
  --description <text>      What it is for
  --allowed-ip <ip|cidr>    Only from this address or range (repeat for several)
  --json                    Print the API's whole answer (secret included) on stdout

Needs api_keys:write, and a token creates no token holding more than it does.`,
  "tokens roll": `Usage: tkc tokens roll <id> [--grace-seconds <seconds>] [--json]

Gives the token a new secret (POST /v2/api/{id}/roll) and prints it alone on stdout, followed
by a newline; everything else goes to stderr. The id, name, permissions and expiry stay.

Options:
  --grace-seconds <s>   How long the previous secret keeps working (default 0: it stops now)
  --json                Print the API's whole answer (secret included) on stdout`,
  "tokens narrow": `Usage: tkc tokens narrow <id> --permissions <list> [--json]

Takes permissions away from a token (POST /v2/api/{id}/narrow): it keeps exactly the listed
ones, comma-separated (dns:read,account:read), which must be among those it holds; a token
that needs more is a new token. Its secret, id, name, expiry and allowed IPs stay.`,
  "tokens delete": `Usage: tkc tokens delete <id> [--json]

Deletes a token (DELETE /v2/api/{id}/delete): from that moment it authenticates nothing.`,
  verify: `Usage: tkc verify <token | -> [--json]

Asks the console whether a token is active (RFC 7662 introspection, POST /v2/tokens/introspect)
and prints "active" with what it holds, or "inactive". The token tkc calls with must hold
tokens:introspect. Give - to read the token to check from stdin, so that it is not on the
command line (where other users may see it, and your shell's history keeps it):
  printf '%s\\n' "$TOKEN_TO_CHECK" | tkc verify -

Exit 0 when active, 1 when inactive (unknown, deleted, expired, disabled, malformed) or when the
console refuses the question.`,
  scan: `Usage: tkc scan <folder or file>... [--revoke] [--json]

Finds Token Console tokens in files, here on this machine: the tkc_ pattern, then its checksum
(a look-alike does not count). Folders are walked without following links, skipping .git,
node_modules and .next, files over 10 MB and binary files. Each token found is printed by place
and display prefix (file:line:column  tkc_XXXXXXXX…), never in full.

Options:
  --revoke   Report the tokens found to the console (POST /v2/credentials/revoke, no token
             needed: the URL from tkc login or TKC_URL): each live one is revoked, and its
             owner told
  --json     Print {scanned, found: [{file, line, column, display_prefix}]}

Exit 0 when none is found, 1 when any is (whether or not reported), 2 for a path that is not there.`,
};
