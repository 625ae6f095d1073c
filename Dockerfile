# relmap as a container: a static binary (pure-Go SQLite, WASM Graphviz, no
# cgo) on a distroless base.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/relmap ./cmd/relmap

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/relmap /relmap
WORKDIR /data
ENV RELMAP_ADDR=0.0.0.0:8080 RELMAP_DB=/data/relmap.db
EXPOSE 8080
ENTRYPOINT ["/relmap"]
CMD ["serve"]
