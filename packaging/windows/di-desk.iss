; Inno Setup 6 script: dist\di-desk (from packaging\build.py) -> dist\DI-Desk-<version>-setup.exe
;
;   iscc packaging\windows\di-desk.iss
;
; The version is read from di-desk.exe's version resource, which the spec
; writes from di_desk.__version__; /DAppVersion=1.2.3 overrides it.
; Installs per user without administrator rights (an administrator may choose
; "all users"), adds a Start menu entry and, optionally, a desktop icon.

#define AppName "DI Desk"
#define AppExe "di-desk.exe"
#define DistDir AddBackslash(SourcePath) + "..\..\dist\di-desk"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(DistDir + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error dist\di-desk\di-desk.exe is missing or has no version: run python packaging\build.py first
#endif

[Setup]
; Never change the AppId: upgrades and the uninstaller find the app by it.
AppId={{E9223F91-E9C0-503B-93CC-F881EA62E06C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=DI Desk
VersionInfoVersion={#GetVersionNumbersString(DistDir + "\" + AppExe)}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#SourcePath}..\..\dist
OutputBaseFilename=DI-Desk-{#AppVersion}-setup
SetupIconFile={#SourcePath}..\..\resources\di-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: no stale libraries from an older version.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
