# Varnish 7.1 in front of the newsroom CMS (issue 14): caches reader responses by the product's Cache-Control,
# purges them by tag (xkey), and serves stale copies while the application is slow or down.
# Needs varnish-modules for xkey (Debian: apt-get install varnish varnish-modules).
# The integration test (tests/integration/varnish-vcl.test.ts) runs this very file; it rewrites only the backend
# host, port and probe interval, so keep those three lines in the shape they have.
vcl 4.1;

import std;
import xkey;

# The application (`npm start`, HOST/PORT). Edit host and port; several instances go behind a director.
backend default {
    .host = "127.0.0.1";
    .port = "1337";
    # Strapi's liveness route answers 204 without touching the database, so a busy database does not empty the pool.
    .probe = {
        .url = "/_health";
        .expected_response = 204;
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
    }
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may send `PURGE` (the application's instances). Add their addresses when they run on other hosts.
# A TLS terminator on this host (hitch, nginx) makes every public client look like 127.0.0.1: then give the
# application a listen address of its own (-a 127.0.0.1:6091) and check `local.socket` here instead.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # Internal markers of the stale-if-error restarts below: a client must not be able to set them.
    if (req.restarts == 0) {
        unset req.http.X-Varnish-Refresh;
        unset req.http.X-Varnish-Stale-Ok;
    }

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey) {
            return (synth(400, "PURGE needs an xkey header (space-separated tags)"));
        }
        # Hard purge: the objects are gone at once, so a changed article is never served stale afterwards.
        set req.http.X-Purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The cache key is the Host and URL: a forwarded host would let one request put its links into everyone's
    # copy (feeds name the address they were asked at when PUBLIC_URL is unset).
    unset req.http.X-Forwarded-Host;
    # Editors, logins, uploads, previews of drafts and the probes always reach the application.
    if (req.url ~ "^/(admin|content-manager|upload|graphql|_health|_ready)(/|\?|$)"
        || req.url ~ "^/api/(auth|preview|upload|users)(/|\?|$)") {
        return (pass);
    }
    # A signed-in request is personal: never cache it nor answer it from the cache.
    if (req.http.Authorization || req.http.Cookie) {
        return (pass);
    }

    # req.grace survives restarts, so each pass sets it: no stale copy while the application is healthy and the
    # copy is older than stale-while-revalidate (vcl_hit), then any copy in grace once that fetch failed (vcl_synth).
    if (req.http.X-Varnish-Stale-Ok) {
        set req.grace = 3650d;
    } elsif (req.http.X-Varnish-Refresh) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_hit {
    if (obj.ttl >= 0s) {
        return (deliver);
    }
    # The fetch just failed (vcl_synth restarted us): any copy still in grace, i.e. within stale-if-error, will do.
    if (req.http.X-Varnish-Stale-Ok) {
        return (deliver);
    }
    # Healthy application: serve stale (and refresh in the background) only within stale-while-revalidate.
    if (std.healthy(req.backend_hint)
        && obj.ttl + std.duration(obj.http.X-Varnish-SWR, 0s) <= 0s) {
        set req.http.X-Varnish-Refresh = "1";
        return (restart);
    }
    # Within stale-while-revalidate, or the application is down (then up to stale-if-error): serve stale.
    return (deliver);
}

sub vcl_backend_response {
    # A 5xx must not replace a good copy: a background refresh keeps the stale one, and a foreground fetch
    # gives up so that vcl_synth can restart and look for a stale copy; the second time the 5xx goes through.
    # Passed requests (editors, POSTs) are not concerned: their error goes through as the application wrote it.
    if (beresp.status >= 500 && !bereq.uncacheable && (bereq.is_bgfetch || !bereq.http.X-Varnish-Stale-Ok)) {
        return (abandon);
    }

    # xkey reads the `xkey` header; the application may name its tags Surrogate-Key or Cache-Tag (comma-separated).
    if (!beresp.http.xkey) {
        if (beresp.http.Surrogate-Key) {
            set beresp.http.xkey = beresp.http.Surrogate-Key;
        } elsif (beresp.http.Cache-Tag) {
            set beresp.http.xkey = regsuball(beresp.http.Cache-Tag, "\s*,\s*", " ");
        }
    }

    # Varnish already takes the TTL from s-maxage and beresp.grace from stale-while-revalidate; remember the
    # latter for vcl_hit and keep the object in grace as long as stale-if-error allows when that is longer.
    set beresp.http.X-Varnish-SWR = beresp.grace + "s";
    if (beresp.http.Cache-Control ~ "(?i)stale-if-error=\d+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "(?i)^.*stale-if-error=(\d+).*$", "\1s"), beresp.grace);
        if (beresp.grace < std.duration(beresp.http.X-Varnish-SWR, 0s)) {
            set beresp.grace = std.duration(beresp.http.X-Varnish-SWR, 0s);
        }
    }
    # No return: the built-in rules follow (Set-Cookie, private, no-store, Vary: * are not cached).
}

sub vcl_backend_error {
    # The application did not answer: same as a 5xx above.
    if (!bereq.uncacheable && (bereq.is_bgfetch || !bereq.http.X-Varnish-Stale-Ok)) {
        return (abandon);
    }
}

sub vcl_synth {
    if (req.method == "PURGE") {
        # How many objects went (0 is fine: nothing carried those tags).
        if (req.http.X-Purged) {
            set resp.http.X-Purged = req.http.X-Purged;
        }
        return (deliver);
    }
    # A foreground fetch failed (abandoned above): look once more, this time accepting a stale copy.
    if (resp.status == 503 && !req.http.X-Varnish-Stale-Ok
        && (req.method == "GET" || req.method == "HEAD")) {
        set req.http.X-Varnish-Stale-Ok = "1";
        return (restart);
    }
}

sub vcl_deliver {
    # So operators and tests can see what the cache did; Age is set by Varnish.
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Tags are for purging here, not for readers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    unset resp.http.X-Varnish-SWR;
}
