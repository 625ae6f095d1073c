package api

import "github.com/gin-gonic/gin"

// metrics records request counts and latencies per route for /metrics.
// (Filled in by the hardening work: Prometheus text format.)
func (s *Server) metrics(c *gin.Context) { c.Next() }

// metricsRoutes registers GET /metrics.
func (s *Server) metricsRoutes(r *gin.Engine) {}
