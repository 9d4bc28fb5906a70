#include <stdio.h>
#include "db.h"

/* open the zone database */
int db_open(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	return 0;
}
