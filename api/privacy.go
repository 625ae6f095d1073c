package api

import "github.com/gin-gonic/gin"

// privacyRoutes registers the routes about one person's data: export,
// erasure, objection. (Filled in by the privacy work.)
func (s *Server) privacyRoutes(v1 *gin.RouterGroup) {}
