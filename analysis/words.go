package analysis

import "github.com/relmap/relmap/graph"

// The words of the text outputs (the command line's tables, the names
// beside the codes in JSON): advice codes and contact levels in English
// and Dutch. JSON keeps the codes themselves.

// In returns t in lang: Dutch for "nl", English otherwise.
func (t Text) In(lang string) string {
	if lang == "nl" {
		return t.NL
	}
	return t.EN
}

// adviceNames are the advice codes as words.
var adviceNames = map[AdviceCode]Text{
	AdviceDevelop:      {EN: "develop", NL: "ontwikkelen"},
	AdviceIntensify:    {EN: "intensify", NL: "intensiveren"},
	AdviceReduce:       {EN: "reduce", NL: "verminderen"},
	AdviceRaiseLevel:   {EN: "raise level", NL: "niveau verhogen"},
	AdviceLowerLevel:   {EN: "lower level", NL: "niveau verlagen"},
	AdviceAssignOwner:  {EN: "assign owner", NL: "eigenaar toewijzen"},
	AdviceSingleHolder: {EN: "single holder", NL: "één houder"},
	AdviceOK:           {EN: "ok", NL: "in orde"},
}

// Name returns the advice as words in lang ("raise level", "niveau
// verhogen"); an unknown code is itself.
func (c AdviceCode) Name(lang string) string {
	if t, ok := adviceNames[c]; ok {
		return t.In(lang)
	}
	return string(c)
}

// LevelName returns a contact level as a word in lang ("strategic",
// "strategisch"); "" for none.
func LevelName(l graph.ContactLevel, lang string) string {
	if lang == "nl" {
		return levelNL(l)
	}
	return string(l)
}
