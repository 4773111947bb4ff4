# a
// b
/* c
 d */
