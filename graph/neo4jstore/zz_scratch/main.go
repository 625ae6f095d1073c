package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	ctx := context.Background()
	pw, _ := os.ReadFile("/tmp/neo4jstore-dev/password")
	d, err := neo4j.NewDriverWithContext("bolt://127.0.0.1:7687", neo4j.BasicAuth("neo4j", strings.TrimSpace(string(pw)), ""))
	if err != nil {
		panic(err)
	}
	defer d.Close(ctx)
	for _, q := range os.Args[1:] {
		res, err := neo4j.ExecuteQuery(ctx, d, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
		if err != nil {
			fmt.Println("ERR", err)
			continue
		}
		for _, r := range res.Records {
			fmt.Println(r.Values)
		}
		if p := res.Summary.Plan(); p != nil {
			printPlan(p, 0)
		}
		fmt.Println("counters:", res.Summary.Counters())
	}
}

func printPlan(p neo4j.Plan, depth int) {
	fmt.Printf("%s%s %v\n", strings.Repeat("  ", depth), p.Operator(), p.Arguments()["Details"])
	for _, c := range p.Children() {
		printPlan(c, depth+1)
	}
}
