/* mail: placeholder. */
#ifndef SVODKA_MAIL_H
#define SVODKA_MAIL_H
#endif
