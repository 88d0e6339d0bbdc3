function Export-PgUserRight {
    <#
    .SYNOPSIS
        Exports the local user-rights policy with `secedit /export /areas USER_RIGHTS` into a
        temporary UTF-16 .inf file and returns its lines; the temporary files are always deleted.
        Throws PgCluster.SeceditExportFailed.
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param ()

    $dir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('PgCluster-secedit-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -Path $dir -ItemType Directory -Force -WhatIf:$false -Confirm:$false
    try {
        $inf = Join-Path -Path $dir -ChildPath 'export.inf'
        $run = Invoke-PgNative -FilePath 'secedit.exe' -ArgumentList @('/export', '/cfg', $inf, '/areas', 'USER_RIGHTS')
        if ($run.ExitCode -ne 0 -or -not (Test-Path -LiteralPath $inf -PathType Leaf)) {
            throw (New-PgErrorRecord -ErrorId 'SeceditExportFailed' -TargetObject 'USER_RIGHTS' `
                    -Message "secedit /export /areas USER_RIGHTS failed (exit code $($run.ExitCode)): $($run.Output -join ' ')" `
                    -Hint 'Run PowerShell as Administrator.')
        }
        return , [string[]]@(Get-Content -LiteralPath $inf -Encoding Unicode)
    }
    finally {
        Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue -WhatIf:$false -Confirm:$false
    }
}
