# `cmake --install` and `make package` (CPack, Debian package): the binary, its man pages, the
# default configuration in /etc/pictor, the systemd unit, the copyright and changelogs, and
# maintainer scripts that create the `pictor` user and its folders and handle the service as
# deb-systemd-helper does (packaging/). The debug symbols go into a separate -dbgsym package, so
# the installed binary is stripped. tests/packaging/package_test.sh installs it into a Debian
# root made by mmdebstrap and runs lintian on it.
include(GNUInstallDirs)
# Installing (and CPack) never rebuilds: `make package` builds first, and the package test must
# not relink the binary other tests are running.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS pictor RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# /etc and /lib/systemd are where Debian looks, whatever the prefix of the binary.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/pictor.toml DESTINATION /etc/pictor)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/pictor.service DESTINATION /lib/systemd/system)
# The viewer and admin console (`make web` builds web/dist): ui.dir's default.
# pictor finds it at <prefix>/share/pictor/ui beside bin/. Source maps stay out.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/dist/ DESTINATION ${CMAKE_INSTALL_DATADIR}/pictor/ui
        OPTIONAL PATTERN "*.map" EXCLUDE)

# The man pages, from the built binary's own help (scripts/make-man-pages.py): pictor(1), a page
# per subcommand and pictor.toml(5) with every configuration key.
set(pictor_man_dir ${PROJECT_BINARY_DIR}/man)
set(pictor_man_pages pictor.1.gz pictor-serve.1.gz pictor-process.1.gz pictor-admin.1.gz
                     pictor-sign.1.gz pictor.toml.5.gz)
list(TRANSFORM pictor_man_pages PREPEND ${pictor_man_dir}/ OUTPUT_VARIABLE pictor_man_files)
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_custom_command(
  OUTPUT ${pictor_man_files}
  COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/make-man-pages.py
          $<TARGET_FILE:pictor> ${pictor_man_dir} ${PROJECT_VERSION}
  DEPENDS pictor ${PROJECT_SOURCE_DIR}/scripts/make-man-pages.py
  COMMENT "Writing the man pages from pictor's help")
add_custom_target(pictor_man ALL DEPENDS ${pictor_man_files})
foreach(page ${pictor_man_files})
  string(REGEX MATCH "\\.([0-9])\\.gz$" _ ${page})
  install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${CMAKE_MATCH_1})
endforeach()

# /usr/share/doc/pictor: the DEP-5 copyright, Debian's changelog and the upstream one.
set(pictor_doc ${CMAKE_INSTALL_DATADIR}/doc/pictor)
configure_file(${PROJECT_SOURCE_DIR}/packaging/changelog.Debian.in
               ${PROJECT_BINARY_DIR}/changelog.Debian @ONLY)
add_custom_command(
  OUTPUT ${PROJECT_BINARY_DIR}/changelog.Debian.gz ${PROJECT_BINARY_DIR}/changelog.gz
  COMMAND gzip -9nc ${PROJECT_BINARY_DIR}/changelog.Debian > ${PROJECT_BINARY_DIR}/changelog.Debian.gz
  COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/CHANGELOG.md > ${PROJECT_BINARY_DIR}/changelog.gz
  DEPENDS ${PROJECT_BINARY_DIR}/changelog.Debian ${PROJECT_SOURCE_DIR}/CHANGELOG.md
  COMMENT "Compressing the changelogs")
add_custom_target(pictor_changelogs ALL
                  DEPENDS ${PROJECT_BINARY_DIR}/changelog.Debian.gz ${PROJECT_BINARY_DIR}/changelog.gz)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright ${PROJECT_BINARY_DIR}/changelog.Debian.gz
              ${PROJECT_BINARY_DIR}/changelog.gz
        DESTINATION ${pictor_doc})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pictor)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "pictor maintainers <maintainers@pictor.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "image server for IIIF and four other image APIs")
# The extended description (CPack puts the summary above it as the synopsis).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "pictor serves source images (local, HTTP or S3) through one access policy, one
libvips engine and one derivative cache, in five dialects: the IIIF Image API
3.0 and 2.1 with IIIF Auth 2.0 and 1.0, a simple display API, a MediaWiki-style
file and thumbnails REST API, an Open-Xchange-style preview cache and
Wedia-style imaging actions. It runs as a systemd service configured in
/etc/pictor/pictor.toml and serves the images in /srv/pictor/images.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # Depends: from the libraries the binary links
# adduser makes the user; init-system-helpers gives deb-systemd-helper and deb-systemd-invoke.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)  # pictor-dbgsym: the symbols split off
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/postinst ${PROJECT_SOURCE_DIR}/packaging/prerm
    ${PROJECT_SOURCE_DIR}/packaging/postrm ${PROJECT_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
