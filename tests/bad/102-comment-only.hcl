# only a comment
// and another
/* and a block comment */
