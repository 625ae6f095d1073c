package neo4jstore

import (
	"testing"

	"github.com/relmap/relmap/auth/authtest"
)

func TestTrust(t *testing.T) {
	authtest.Run(t, func(t *testing.T) authtest.Store { return open(t) })
}
