from transforms.text import sentences, token_norms, tokens


def test_sentences_keep_abbreviations_and_offsets():
    text = ('U.S. Secretary of State Marco Rubio said Russia would face "more consequences." '
            "Mr. Putin met Gen. Smith in Alaska.\nPeace deal still far")
    split = sentences(text)
    assert [s for _, s in split] == [
        'U.S. Secretary of State Marco Rubio said Russia would face "more consequences."',
        "Mr. Putin met Gen. Smith in Alaska.",
        "Peace deal still far",
    ]
    assert all(text[start:start + len(s)] == s for start, s in split)


def test_tokens_split_possessive_and_keep_abbreviations():
    assert [t.norm for t in tokens("The U.N. chief's call, Kyiv’s view, don't al-Sharaa")] == [
        "the", "u.n.", "chief", "'s", "call", ",", "kyiv", "'s", "view", ",", "don't",
        "al-sharaa"]
    first = tokens("  Kyiv")[0]
    assert (first.start, first.end) == (2, 6)


def test_token_norms_are_the_norms_of_tokens():
    for text in ("The U.N. chief's call, Kyiv’s view, don't al-Sharaa",
                 "ΟΔΟΣ İstanbul’S «Élysée» 5% U.S.-led", "ΟΔΟΣ's ΑΣ.Β", ""):
        assert token_norms(text) == [t.norm for t in tokens(text)]


def test_norms_drop_accents_but_offsets_keep_the_text():
    toks = tokens("Hugo Chávez met Erdoğan in Zürich.")
    assert toks.norms[:4] == ["hugo", "chavez", "met", "erdogan"]
    assert [t.text for t in toks][1] == "Chávez"
    assert (toks[1].start, toks[1].end) == (5, 11)
