# model: plain data types shared by the stages (linked into libeiticore.a).
libeiticore_a_SOURCES += src/model/model.h src/model/results.h
libeiticore_a_SOURCES += src/model/model.c src/model/streams.c
libeiticore_a_SOURCES += src/model/item.h
libeiticore_a_SOURCES += src/model/profile.h src/model/profile.c
