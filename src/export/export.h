/* export: placeholder. */
#ifndef SVODKA_EXPORT_H
#define SVODKA_EXPORT_H
#endif
