package api

import "github.com/gin-gonic/gin"

// trustRoutes registers token management and the audit log (admin).
func (s *Server) trustRoutes(v1 *gin.RouterGroup) {}
