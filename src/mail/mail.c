/* mail: placeholder until the sender lands. */
#include "mail/mail.h"
