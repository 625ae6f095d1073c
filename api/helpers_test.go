package api

import (
	"net/http"
	"testing"
	"time"

	"github.com/relmap/relmap/auth"
)

// serve returns srv's handler for a test: every response validated against
// the OpenAPI document (validated), and an admin token added to each
// request that brings no Authorization header of its own, so that tests of
// a route's behaviour need not repeat the authentication that auth_test
// checks route by route. srv's token store must be set (Tokens or a Store
// that is an auth.Store).
func serve(t *testing.T, srv *Server) http.Handler {
	t.Helper()
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	h = validated(t, h)
	admin := secretFor(t, srv, auth.Admin)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			r.Header.Set("Authorization", "Bearer "+admin)
		}
		h.ServeHTTP(w, r)
	})
}

// secretFor creates a token of role in srv's token store and returns its
// secret.
func secretFor(t *testing.T, srv *Server, role auth.Role) string {
	t.Helper()
	return namedSecret(t, srv.tokens(), "test "+string(role), role)
}

// namedSecret creates a token called name of role in tokens and returns its
// secret.
func namedSecret(t *testing.T, tokens auth.Store, name string, role auth.Role) string {
	t.Helper()
	tok, secret, err := auth.NewToken(name, role, "test", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := tokens.CreateToken(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
	return secret
}
